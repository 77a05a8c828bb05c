"""Photos: curators upload them with author and licence; the public page shows them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from PIL import Image

from registry.choices import PhotoLicence, State
from registry.merge import monument_merge
from registry.models import Monument, Photo
from registry.workflow import CURATOR, REVIEWER
from tests.factories import MonumentFactory, user_with_role
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name: str = "bust.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "gray").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post_with_photo(client, monument, image, **fields):
    url = f"/admin/registry/monument/{monument.pk}/change/"
    data = form_data(client.get(url).content.decode(), "monument_form")
    index = int(data["photos-TOTAL_FORMS"])
    data["photos-TOTAL_FORMS"] = str(index + 1)
    data.update({f"photos-{index}-{name}": value for name, value in {
        "image": image, "author": "Ivan Petrov", "licence": PhotoLicence.CC_BY_SA,
        "caption_en": "The bust in the park", "source_url": "https://photos.example.org/1",
        "position": "0", **fields}.items()})
    return client.post(url, data)


def test_a_curator_uploads_a_photo_with_its_credit(client):
    monument = MonumentFactory(state=State.DRAFT)
    client.force_login(user_with_role(CURATOR))
    response = post_with_photo(client, monument, png("IMG_0001 secret name.PNG"))
    assert response.status_code == 302
    photo = monument.photos.get()
    assert (photo.author, photo.licence, photo.uploaded_by.username) == (
        "Ivan Petrov", PhotoLicence.CC_BY_SA, CURATOR)
    assert photo.image.name.startswith(f"photos/{monument.public_id}/")
    assert photo.image.name.endswith(".png") and "secret" not in photo.image.name
    assert Photo.history.filter(id=photo.pk, history_type="+").exists()


def test_a_file_that_is_not_an_image_is_refused(client):
    monument = MonumentFactory(state=State.DRAFT)
    client.force_login(user_with_role(CURATOR))
    fake = SimpleUploadedFile("bust.png", b"<script>alert(1)</script>", content_type="image/png")
    response = post_with_photo(client, monument, fake)
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    assert not Photo.objects.exists()


def test_a_photo_needs_an_author_and_a_licence(client):
    monument = MonumentFactory(state=State.DRAFT)
    client.force_login(user_with_role(CURATOR))
    response = post_with_photo(client, monument, png(), author="", licence="")
    assert response.status_code == 200
    assert not Photo.objects.exists()


def test_a_curator_cannot_add_photos_to_a_published_record(client):
    monument = MonumentFactory(state=State.PUBLISHED)
    client.force_login(user_with_role(CURATOR))
    html = client.get(f"/admin/registry/monument/{monument.pk}/change/").content.decode()
    assert 'name="photos-TOTAL_FORMS"' not in html or "photos-__prefix__-image" not in html
    response = client.post("/admin/registry/photo/add/", {
        "monument": monument.pk, "image": png(), "author": "A", "licence": PhotoLicence.CC0})
    assert "only a reviewer may change it" in response.content.decode()
    assert not Photo.objects.exists()


def test_the_public_page_fragment_credits_each_photo(client):
    monument = MonumentFactory()
    client.force_login(user_with_role(REVIEWER))
    post_with_photo(client, monument, png())
    html = render_to_string("registry/includes/monument_photos.html",
                            {"monument": Monument.objects.get(pk=monument.pk)})
    photo = monument.photos.get()
    assert f'src="{photo.image.url}"' in html
    assert "The bust in the park" in html
    assert "Photo: Ivan Petrov, CC BY-SA 4.0" in html
    assert 'href="https://photos.example.org/1"' in html


def test_photos_move_with_a_merge_and_come_back_with_a_revert(client):
    reviewer = user_with_role(REVIEWER)
    client.force_login(reviewer)
    kept, dropped = MonumentFactory(), MonumentFactory(state=State.DRAFT)
    post_with_photo(client, dropped, png())
    photo = dropped.photos.get()
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert list(kept.photos.all()) == [photo]

    version = Monument.history.filter(id=kept.pk).earliest("history_date")  # before the photo
    client.post(f"/admin/registry/monument/{kept.pk}/history/{version.history_id}/")
    assert not kept.photos.exists()
    dropped_before = Monument.history.filter(id=dropped.pk)[1]  # the version with the photo
    client.post(f"/admin/registry/monument/{dropped.pk}/history/{dropped_before.history_id}/")
    assert list(Monument.objects.get(pk=dropped.pk).photos.values_list("pk", flat=True)) == [
        photo.pk]
