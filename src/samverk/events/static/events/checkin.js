/* The check-in desk: "Scan with the camera" opens the camera (getUserMedia), reads each frame
   with jsQR (vendored: static/vendor/jsQR.js) and, once a QR code is found, fills the code
   field and submits the form. Without a camera or JavaScript the typed code works.
   window.samverkScan(imageData) decodes one image (used by the browser tests). */
(function () {
  "use strict";

  function form() { return document.querySelector("[data-checkin-form]"); }

  function fillAndSubmit(code) {
    var f = form();
    if (!f) { return; }
    var field = f.querySelector("[data-checkin-code]");
    field.value = code.trim();
    if (f.requestSubmit) { f.requestSubmit(); } else { f.submit(); }
  }

  function decode(imageData) {
    if (typeof window.jsQR !== "function") { return null; }
    var found = window.jsQR(imageData.data, imageData.width, imageData.height, {
      inversionAttempts: "dontInvert"
    });
    return found && found.data ? found.data : null;
  }

  /* Decode an ImageData; on success fill the code field and submit. Returns the code or null. */
  window.samverkScan = function (imageData) {
    var code = decode(imageData);
    if (code) { fillAndSubmit(code); }
    return code;
  };

  function start() {
    var f = form();
    if (!f) { return; }
    var startButton = f.querySelector("[data-scan-start]");
    var stopButton = f.querySelector("[data-scan-stop]");
    var video = f.querySelector("[data-scan-video]");
    var status = f.querySelector("[data-scan-status]");
    if (!startButton || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return; /* no camera API: the typed code stays */
    }
    startButton.hidden = false;
    var stream = null;
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });

    function stop() {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      video.hidden = true;
      stopButton.hidden = true;
      startButton.hidden = false;
    }

    function tick() {
      if (!stream) { return; }
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var code = decode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (code) {
          stop();
          status.textContent = code;
          fillAndSubmit(code);
          return;
        }
      }
      window.requestAnimationFrame(tick);
    }

    startButton.addEventListener("click", function () {
      status.textContent = startButton.getAttribute("data-starting") || "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          startButton.hidden = true;
          stopButton.hidden = false;
          status.textContent = "";
          return video.play();
        })
        .then(function () { window.requestAnimationFrame(tick); })
        .catch(function (error) {
          stop();
          status.textContent = (startButton.getAttribute("data-no-camera") || "") + " " + error.name;
        });
    });
    stopButton.addEventListener("click", stop);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
