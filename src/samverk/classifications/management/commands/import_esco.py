"""``samverk import_esco <directory> [--language en]``: import the ESCO CSV download of one
language (``ISCOGroups_<lang>.csv``, ``occupations_<lang>.csv``) as shared reference data.

English first (it creates the groups and occupations), then any other language (it adds the
labels in that language). See ``classifications/importers.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverk.classifications.importers import EscoImportError, import_esco


class Command(BaseCommand):
    help = (
        "Import ISCO-08 groups and ESCO occupations from the ESCO CSV download "
        "(ISCOGroups_<lang>.csv and occupations_<lang>.csv in DIRECTORY). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="The folder with the ESCO CSV files.")
        parser.add_argument(
            "--language",
            default="en",
            help="The files' language (default en; import English first).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = import_esco(options["directory"], language=options["language"])
        except EscoImportError as error:
            raise CommandError(f"Nothing imported. {error}") from error
        self.stdout.write(f"ESCO import ({counts.language}):")
        for line in counts.lines():
            self.stdout.write(f"  {line}")
