// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  setUpMenu();
});

// The header's menu button (phones): it shows and hides the tools and the network's navigation.
// Without JavaScript the button stays hidden and everything is shown (see samverk.css).
function setUpMenu() {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".menu-button");
  if (!button) return;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  };
  header.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
}
