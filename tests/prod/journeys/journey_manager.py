"""A manager (two factors): the team matrix and the IGJ evidence pack as a download."""

from __future__ import annotations

ORG = "/o/umc-zuidwest"


def test_manager_team_matrix_and_igj_export(visit):
    visit.sign_in("manager")
    visit.go(f"{ORG}/paspoort/team/")
    visit.expect_language("nl")
    assert visit.page.locator("main table tbody tr").count() > 0, "the matrix lists the team"

    visit.switch_language("en")
    visit.go(f"{ORG}/paspoort/export/igj/")
    for kind, magic in (("xlsx", b"PK\x03\x04"), ("pdf", b"%PDF")):
        with visit.page.expect_download() as download:
            visit.page.locator(f"button[name=formaat][value={kind}]").click()
        path = download.value.path()
        assert path is not None and download.value.failure() is None
        with open(path, "rb") as file:
            assert file.read(4) == magic, f"the {kind} export is a real {kind} file"
    visit.check()
