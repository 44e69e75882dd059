"""Importing the official ESCO CSV download: the real English files of the shared data folder
(exact counts and rows, a second import that changes nothing, the time it takes), another
language's labels, malformed files refused with file, row and problem and nothing saved, the
``import_esco`` command; the lookup helpers, the demo's groups and the attribution."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation

from samverk.classifications import lookup
from samverk.classifications.attribution import ESCO_ATTRIBUTION, ESCO_URL
from samverk.classifications.demo import DEMO_GROUPS, DEMO_UNIT_GROUPS, ensure_demo_groups
from samverk.classifications.importers import EscoImportError, import_esco
from samverk.classifications.models import EscoOccupation, IscoGroup
from samverk.core.models import Network
from samverk.networks.tests.factories import NetworkFactory
from tests.tools import shared_data

pytestmark = pytest.mark.django_db

# The real files (../shared/data/esco, see its README), counted with the csv module.
GROUPS_IN_FILE = 619
GROUPS_PER_LEVEL = {1: 10, 2: 43, 3: 130, 4: 436}
OCCUPATIONS_IN_FILE = 2942
TECHNICAL_DIRECTOR = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"

GROUP_HEADER = ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "inScheme"]
GROUP_HEADER += ["description"]
OCCUPATION_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels"]
OCCUPATION_HEADER += ["hiddenLabels", "status", "modifiedDate", "description"]


def shared_esco() -> Path:
    """The ESCO files of the shared data folder: skipped locally when absent, failed in CI."""
    return shared_data("esco", "ISCOGroups_en.csv", "occupations_en.csv")


def group_row(code: str, label: str, *, uri: str | None = None, kind: str = "ISCOGroup") -> dict:
    return {
        "conceptType": kind,
        "conceptUri": uri or f"http://data.europa.eu/esco/isco/C{code}",
        "code": code,
        "preferredLabel": label,
        "altLabels": "",
        "inScheme": "http://data.europa.eu/esco/concept-scheme/isco",
        "description": f"About {label},\nover two lines.",
    }


def occupation_row(name: str, code: str, label: str) -> dict:
    return {
        "conceptType": "Occupation",
        "conceptUri": f"http://data.europa.eu/esco/occupation/{name}",
        "iscoGroup": code,
        "preferredLabel": label,
        "altLabels": f"{label} (m/f)\n{label} (other)",
        "hiddenLabels": "",
        "status": "released",
        "modifiedDate": "2016-07-05T13:58:41Z",
        "description": "",
    }


SMALL_GROUPS = [
    group_row("2", "Professionals"),
    group_row("22", "Health professionals"),
    group_row("222", "Nursing and midwifery professionals"),
    group_row("2221", "Nursing professionals"),
]
SMALL_OCCUPATIONS = [occupation_row("nurse", "2221", "specialist nurse")]


def write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_files(
    folder: Path,
    language: str = "en",
    groups: list[dict] | None = None,
    occupations: list[dict] | None = None,
    group_header: list[str] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write(
        folder / f"ISCOGroups_{language}.csv",
        group_header or GROUP_HEADER,
        SMALL_GROUPS if groups is None else groups,
    )
    write(
        folder / f"occupations_{language}.csv",
        OCCUPATION_HEADER,
        SMALL_OCCUPATIONS if occupations is None else occupations,
    )
    return folder


# The real files --------------------------------------------------------------------------------


def test_the_real_english_files_import_completely_and_exactly() -> None:
    esco = shared_esco()
    started = time.perf_counter()
    counts = import_esco(esco)
    seconds = time.perf_counter() - started
    print(f"full ESCO import: {seconds:.2f} s")  # the measurement (pytest -s)
    assert seconds < 10

    assert (counts.groups_created, counts.groups_updated) == (GROUPS_IN_FILE, 0)
    assert (counts.occupations_created, counts.occupations_updated) == (OCCUPATIONS_IN_FILE, 0)
    assert IscoGroup.objects.count() == GROUPS_IN_FILE
    assert EscoOccupation.objects.count() == OCCUPATIONS_IN_FILE
    for level, number in GROUPS_PER_LEVEL.items():
        assert IscoGroup.objects.filter(level=level).count() == number
    assert not IscoGroup.objects.filter(level__gt=1, parent=None).exists()
    assert not IscoGroup.objects.filter(level=1).exclude(parent=None).exists()

    nurses = IscoGroup.objects.select_related("parent__parent__parent").get(code="2221")
    assert (nurses.level, nurses.label, nurses.labels) == (
        4,
        "Nursing professionals",
        {"en": "Nursing professionals"},
    )
    assert nurses.uri == "http://data.europa.eu/esco/isco/C2221"
    assert nurses.parent is not None and nurses.parent.code == "222"
    assert nurses.parent.label == "Nursing and midwifery professionals"
    assert nurses.parent.parent is not None and nurses.parent.parent.code == "22"
    assert nurses.parent.parent.parent is not None and nurses.parent.parent.parent.code == "2"
    armed = IscoGroup.objects.get(code="0")
    assert (armed.level, armed.parent, armed.label) == (1, None, "Armed forces occupations")
    # A description over several lines (a quoted cell with line breaks) is kept whole.
    assert armed.description.startswith("Armed forces occupations include all jobs")
    assert "\n01  Commissioned Armed Forces Officers\n" in armed.description
    assert IscoGroup.objects.get(code="7212").label == "Welders and flamecutters"

    director = EscoOccupation.objects.select_related("isco_group").get(uri=TECHNICAL_DIRECTOR)
    assert director.label == "technical director"
    assert director.labels == {"en": "technical director"}
    assert director.isco_group.code == "2166"
    assert director.alt_labels.splitlines()[:2] == [
        "technical and operations director",
        "head of technical",
    ]
    assert not EscoOccupation.objects.exclude(isco_group__level=4).exists()


def test_a_second_import_of_the_real_files_changes_nothing() -> None:
    esco = shared_esco()
    import_esco(esco)
    group = IscoGroup.objects.get(code="2221")
    stamp = group.updated_at
    # A group whose label changed and one that was dropped since come back as in the file.
    IscoGroup.objects.filter(code="2144").update(label="Old label", labels={"en": "Old label"})
    EscoOccupation.objects.filter(uri=TECHNICAL_DIRECTOR).delete()

    counts = import_esco(esco)

    assert (counts.groups_created, counts.groups_updated) == (0, 1)
    assert (counts.occupations_created, counts.occupations_updated) == (1, 0)
    assert IscoGroup.objects.get(code="2144").labels == {"en": "Mechanical engineers"}

    again = import_esco(esco)
    assert (again.groups_created, again.groups_updated) == (0, 0)
    assert (again.occupations_created, again.occupations_updated) == (0, 0)
    assert IscoGroup.objects.count() == GROUPS_IN_FILE
    assert EscoOccupation.objects.count() == OCCUPATIONS_IN_FILE
    assert IscoGroup.objects.get(code="2221").updated_at == stamp


def test_the_demo_labels_are_those_of_the_real_file() -> None:
    esco = shared_esco()
    with (esco / "ISCOGroups_en.csv").open(encoding="utf-8-sig", newline="") as handle:
        labels = {row["code"]: row["preferredLabel"] for row in csv.DictReader(handle)}
    assert {code: english for code, (english, _german) in DEMO_GROUPS.items()} == {
        code: labels[code] for code in DEMO_GROUPS
    }


# Another language ------------------------------------------------------------------------------


def test_a_german_file_adds_german_labels_to_existing_rows_only(tmp_path: Path) -> None:
    import_esco(write_files(tmp_path / "en"))
    german = write_files(
        tmp_path / "de",
        "de",
        groups=[
            group_row("2", "Akademische Berufe"),
            group_row("2221", "Akademische und vergleichbare Krankenpflegefachkräfte"),
            group_row("9", "Hilfsarbeitskräfte"),  # not imported in English: skipped
        ],
        occupations=[
            occupation_row("nurse", "2221", "Fachkrankenpfleger/Fachkrankenpflegerin"),
            occupation_row("unknown", "2221", "Unbekannt"),  # skipped
        ],
    )

    counts = import_esco(german, language="de")

    assert (counts.groups_created, counts.groups_updated) == (0, 2)
    assert (counts.occupations_created, counts.occupations_updated) == (0, 1)
    assert counts.skipped == 2
    assert not IscoGroup.objects.filter(code="9").exists()
    assert not EscoOccupation.objects.filter(label="Unbekannt").exists()
    nurses = IscoGroup.objects.get(code="2221")
    assert nurses.label == "Nursing professionals"
    assert nurses.labels == {
        "en": "Nursing professionals",
        "de": "Akademische und vergleichbare Krankenpflegefachkräfte",
    }
    assert nurses.description == "About Nursing professionals,\nover two lines."
    nurse = EscoOccupation.objects.get()
    with translation.override("de"):
        assert nurses.localised_label == "Akademische und vergleichbare Krankenpflegefachkräfte"
        assert nurse.localised_label == "Fachkrankenpfleger/Fachkrankenpflegerin"
        # No German label: English.
        assert IscoGroup.objects.get(code="22").localised_label == "Health professionals"
    with translation.override("en"):
        assert nurses.localised_label == "Nursing professionals"
    assert nurse.label == "specialist nurse"

    # The English files again keep the German labels.
    import_esco(tmp_path / "en")
    assert IscoGroup.objects.get(code="2221").labels["de"].startswith("Akademische")
    assert import_esco(german, language="de").groups_updated == 0


def test_a_non_english_file_needs_the_english_import_first(tmp_path: Path) -> None:
    german = write_files(tmp_path, "de")
    with pytest.raises(EscoImportError, match=r"ISCOGroups_de\.csv: .*import the English"):
        import_esco(german, language="de")
    assert not IscoGroup.objects.exists()


# Malformed files -------------------------------------------------------------------------------


def test_a_malformed_group_file_is_refused_with_its_row_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    import_esco(write_files(tmp_path / "good"))
    before = list(IscoGroup.objects.values_list("code", "label", "labels"))
    cases: dict[str, tuple[dict[str, Any], str]] = {
        "letters": (
            {"groups": [*SMALL_GROUPS, group_row("22A1", "Letters")]},
            r"ISCOGroups_en\.csv, row 6: code “22A1” is not an ISCO-08 code",
        ),
        "five digits": (
            {"groups": [group_row("22211", "Five"), *SMALL_GROUPS]},
            r"ISCOGroups_en\.csv, row 2: code “22211” is not an ISCO-08 code",
        ),
        "duplicate": (
            {"groups": [*SMALL_GROUPS, group_row("222", "Again")]},
            r"ISCOGroups_en\.csv, row 6: code “222” is already in row 4",
        ),
        "no parent": (
            {"groups": [*SMALL_GROUPS, group_row("3115", "Orphans")]},
            r"ISCOGroups_en\.csv, row 6: the parent group “311” of “3115” is missing",
        ),
        "empty label": (
            {"groups": [*SMALL_GROUPS, group_row("2222", " ")]},
            r"ISCOGroups_en\.csv, row 6: preferredLabel is empty",
        ),
        "concept type": (
            {"groups": [*SMALL_GROUPS, group_row("2222", "x", kind="Occupation")]},
            r"ISCOGroups_en\.csv, row 6: conceptType is “Occupation”",
        ),
        "missing column": (
            {"group_header": ["conceptType", "conceptUri", "preferredLabel", "description"]},
            r"ISCOGroups_en\.csv, row 1: missing column\(s\): code\.",
        ),
        "unknown group": (
            {"occupations": [*SMALL_OCCUPATIONS, occupation_row("cook", "5120", "cook")]},
            r"occupations_en\.csv, row 3: iscoGroup “5120” is not a known ISCO-08 group",
        ),
        "group code": (
            {"occupations": [occupation_row("cook", "51x0", "cook")]},
            r"occupations_en\.csv, row 2: iscoGroup “51x0” is not an ISCO-08 code",
        ),
    }
    for name, (files, message) in cases.items():
        # Valid rows before the bad one would be new: none of them may be saved.
        extra = [group_row("9", "Elementary occupations")]
        files.setdefault("groups", [*SMALL_GROUPS, *extra])
        folder = write_files(tmp_path / name.replace(" ", "-"), **files)
        with pytest.raises(EscoImportError, match=message):
            import_esco(folder)
        assert list(IscoGroup.objects.values_list("code", "label", "labels")) == before, name
        assert EscoOccupation.objects.count() == 1, name


def test_a_missing_file_or_a_broken_row_names_the_file(tmp_path: Path) -> None:
    folder = write_files(tmp_path)
    (folder / "occupations_en.csv").unlink()
    with pytest.raises(EscoImportError, match=r"^occupations_en\.csv: file not found\.$"):
        import_esco(folder)

    write_files(folder)
    with (folder / "ISCOGroups_en.csv").open("a", encoding="utf-8") as handle:
        handle.write("ISCOGroup,http://data.europa.eu/esco/isco/C9,9,Too,many,cells,x,y\n")
    with pytest.raises(EscoImportError, match=r"ISCOGroups_en\.csv, row 6: more cells"):
        import_esco(folder)
    assert not IscoGroup.objects.exists()


# The command -----------------------------------------------------------------------------------


def test_the_command_prints_the_counts(tmp_path: Path) -> None:
    folder = write_files(tmp_path)
    out = io.StringIO()
    call_command("import_esco", str(folder), stdout=out)
    assert out.getvalue().splitlines() == [
        "ESCO import (en):",
        "  ISCO-08 groups: 4 created, 0 updated",
        "  ESCO occupations: 1 created, 0 updated",
    ]
    with pytest.raises(CommandError, match=r"Nothing imported\. ISCOGroups_de\.csv: file not"):
        call_command("import_esco", str(folder), "--language", "de", stdout=io.StringIO())


def test_an_import_raises_every_networks_data_version(tmp_path: Path) -> None:
    network = NetworkFactory.create()
    version = Network.objects.get(pk=network.pk).data_version
    import_esco(write_files(tmp_path))
    assert Network.objects.get(pk=network.pk).data_version > version


# For other apps --------------------------------------------------------------------------------


def test_unit_group_lookup(tmp_path: Path) -> None:
    import_esco(write_files(tmp_path, groups=[*SMALL_GROUPS, group_row("2222", "Midwives")]))
    assert lookup.isco_unit_group("2221").label == "Nursing professionals"
    assert lookup.isco_unit_group(" 2222 ").label == "Midwives"
    for code in ("222", "2", "9999", "22a1", "", None):
        with pytest.raises(ValidationError) as raised:
            lookup.isco_unit_group(code)
        text = "" if code is None else code.strip()
        assert raised.value.message_dict == {"isco_group": [f"Unknown ISCO-08 code “{text}”."]}
    assert list(lookup.unit_groups().values_list("code", flat=True)) == ["2221", "2222"]


def test_demo_groups_cover_every_level_and_keep_existing_rows() -> None:
    IscoGroup.objects.create(code="5", level=1, label="Kept as it is", labels={"en": "Kept"})
    groups = ensure_demo_groups()
    assert set(groups) == set(DEMO_GROUPS)
    assert IscoGroup.objects.count() == len(DEMO_GROUPS)
    assert groups["5"].label == "Kept as it is"
    for code in DEMO_UNIT_GROUPS:
        chain = []
        group: IscoGroup | None = groups[code]
        while group is not None:
            chain.append(group.code)
            group = group.parent
        assert chain == [code, code[:3], code[:2], code[:1]]
    cooks = groups["5120"]
    with translation.override("de"):
        assert cooks.localised_label == "Köche"
    assert lookup.isco_unit_group("7212").label == "Welders and flamecutters"
    assert ensure_demo_groups().keys() == groups.keys()
    assert IscoGroup.objects.count() == len(DEMO_GROUPS)


def test_the_attribution_links_to_esco() -> None:
    html = render_to_string("classifications/esco_attribution.html")
    assert str(ESCO_ATTRIBUTION) in html
    assert f'href="{ESCO_URL}"' in html
