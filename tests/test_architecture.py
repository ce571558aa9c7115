"""The layering of docs/architecture.md, checked as part of the suite as well as by `make lint`."""

from pathlib import Path

from django.test import SimpleTestCase
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


class ImportContractTests(SimpleTestCase):
    def test_every_import_contract_is_kept(self):
        # lint_imports prints which contract broke and the import that broke it; 0 means all kept.
        assert (
            lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
            == 0
        )
