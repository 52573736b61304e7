"""Attachments: allow-list by extension and content, size limit, random names, who may read."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.welltech.models import Attachment
from tests.factories import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def attachment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


def upload(client, page: str, action: str, content: bytes, filename: str):
    token = csrf_token(client, page)
    return client.post(
        action,
        data={"file": (io.BytesIO(content), filename), "csrf_token": token},
        content_type="multipart/form-data",
    )


@pytest.fixture
def consultation_page(client, login, staff, make_consultation):
    consultation = make_consultation()
    login(staff)
    page = f"/welltech/consultations/{consultation.id}"
    action = f"/welltech/attachments/consultation/{consultation.id}"
    return consultation, page, action


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (PDF, "報告書.pdf", "application/pdf"),
        (PNG, "写真.PNG", "image/png"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (MP4, "動画.mp4", "video/mp4"),
        (docx_bytes(), "議事録.docx", "wordprocessingml"),
        (xlsx_bytes(), "計測.xlsx", "spreadsheetml"),
    ],
)
def test_allowed_files_are_stored_by_random_name_and_downloaded(
    app, client, consultation_page, content, filename, content_type
):
    _consultation, page, action = consultation_page
    response = upload(client, page, action, content, filename)
    assert response.status_code == 302, response.text
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.filename == filename and attachment.size == len(content)
    assert attachment.stored_name != filename and len(attachment.stored_name) == 32
    stored = Path(app.config["ATTACHMENT_FOLDER"]) / attachment.stored_name
    assert stored.read_bytes() == content
    assert filename in client.get(page).text

    download = client.get(f"/welltech/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert content_type in download.headers["Content-Type"]
    assert download.data == content
    download.close()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (PNG, "偽装.pdf", "ファイルの中身が拡張子と一致しません"),
        (b"<script>alert(1)</script>", "page.html", "登録できるファイルは"),
        (b"MZ\x90\x00", "tool.exe", "登録できるファイルは"),
        (PDF, "no_extension", "登録できるファイルは"),
        (b"PK\x03\x04not a zip", "fake.docx", "ファイルの中身が拡張子と一致しません"),
        (xlsx_bytes(), "swapped.docx", "ファイルの中身が拡張子と一致しません"),
        (b"", "empty.pdf", "空のファイルは登録できません。"),
    ],
)
def test_refused_files_store_nothing(app, client, consultation_page, content, filename, message):
    _consultation, page, action = consultation_page
    response = upload(client, page, action, content, filename)
    assert response.status_code == 422
    assert message in response.text
    assert attachment_count() == 0
    folder = Path(app.config["ATTACHMENT_FOLDER"])
    assert not folder.exists() or not any(folder.iterdir())


def test_size_limit(app, client, consultation_page):
    _consultation, page, action = consultation_page
    app.config["ATTACHMENT_MAX_BYTES"] = 100
    response = upload(client, page, action, PDF + b"0" * 200, "big.pdf")
    assert response.status_code == 422 and "ファイルが大きすぎます" in response.text
    assert attachment_count() == 0
    assert upload(client, page, action, PDF, "small.pdf").status_code == 302


def test_path_in_filename_is_dropped(app, client, consultation_page):
    _consultation, page, action = consultation_page
    assert upload(client, page, action, PDF, "../../etc/passwd.pdf").status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.filename == "passwd.pdf"
    assert (Path(app.config["ATTACHMENT_FOLDER"]) / attachment.stored_name).is_file()


def test_only_readers_of_the_record_get_the_file(
    client, login, make_user, consultation_page, staff
):
    consultation, page, action = consultation_page
    assert upload(client, page, action, PDF, "報告書.pdf").status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    url = f"/welltech/attachments/{attachment.id}"

    from tests.factories import post_form

    post_form(client, "/logout", {}, form_path="/")
    assert client.get(url).status_code == 302  # to the sign-in page
    login(make_user("staff", ["knic"]))
    assert client.get(url).status_code == 403
    post_form(client, "/logout", {}, form_path="/")
    login(make_user("manager", []))
    manager_download = client.get(url)
    assert manager_download.status_code == 200
    manager_download.close()
    refused = upload(client, page, action, PDF, "manager.pdf")
    assert refused.status_code == 403
    post_form(client, "/logout", {}, form_path="/")

    login(staff)
    post_form(client, page + "/delete", {}, form_path=page)
    assert client.get(url).status_code == 404


def test_attachment_delete_and_evaluation_owner(
    client, login, staff, make_project, make_evaluation
):
    evaluation = make_evaluation(make_project())
    login(staff)
    page = f"/welltech/evaluations/{evaluation.id}"
    action = f"/welltech/attachments/evaluation/{evaluation.id}"
    assert upload(client, page, action, PNG, "現場写真.png").status_code == 302
    assert "現場写真.png" in client.get(page).text
    refused = upload(client, page, action, PDF, "report.docx")
    assert refused.status_code == 422 and "ファイルの中身が拡張子と一致しません" in refused.text
    attachment = db.session.scalars(select(Attachment)).one()
    token = csrf_token(client, page)
    deleted = client.post(
        f"/welltech/attachments/{attachment.id}/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 302
    assert client.get(f"/welltech/attachments/{attachment.id}").status_code == 404
    assert (
        upload(client, page, "/welltech/attachments/evaluation/999999", PDF, "a.pdf").status_code
        == 404
    )
