"""Merging duplicates: everything moves to the kept record, the other redirects to it."""

import pytest
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, include, path, reverse

from registry.choices import ActorCategory, Role, State
from registry.merge import MergeError, merged_redirect_url, monument_merge
from registry.models import ActorRole, Citation, Event, Monument
from registry.workflow import CURATOR, REVIEWER
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, user_with_role

pytestmark = pytest.mark.django_db


# The public monument page is built on another branch. These URLs stand in for it, following
# the contract documented in registry/merge.py, so the redirect can be tested here.
def monument_page(request, public_id: int, slug: str):
    monument = Monument.objects.filter(public_id=public_id).first()
    if url := merged_redirect_url(monument):
        return HttpResponsePermanentRedirect(url)
    if monument is None or not monument.is_public:
        raise Http404
    return HttpResponse(monument.name_en)


urlpatterns = [
    path("en/", include(([path("monuments/<int:public_id>/<slug:slug>/", monument_page,
                               name="monument-detail")], "registry"))),
]


@pytest.fixture
def reviewer():
    return user_with_role(REVIEWER)


@pytest.fixture
def pair():
    """Two records of one bust: the kept one is published, the other a fuller draft."""
    kept = MonumentFactory(name_en="Stalin bust, Orlov", state=State.PUBLISHED,
                           wikidata_id="", osm_id="node/111")
    dropped = MonumentFactory(name_en="Bust of Stalin in Orlov", state=State.DRAFT,
                              wikidata_id="Q4115189", osm_id="node/222",
                              commons_category="Stalin bust in Orlov",
                              sponsor=ActorFactory(name_en="Orlov residents",
                                                   category=ActorCategory.INDIVIDUAL))
    Event.objects.create(monument=dropped, kind="vandalised", date="2024-03")
    return kept, dropped


def test_merge_moves_events_roles_citations_and_identifiers(pair, reviewer):
    kept, dropped = pair
    events = set(dropped.events.values_list("pk", flat=True))
    citations = set(dropped.citations.values_list("pk", flat=True))
    dropped_sponsor = dropped.roles.get()
    kept_sponsor = kept.roles.get()

    monument_merge(keep=kept, drop=dropped, user=reviewer)

    assert events <= set(kept.events.values_list("pk", flat=True))
    assert citations <= set(kept.citations.values_list("pk", flat=True))
    assert list(kept.roles.values_list("pk", "position")) == [
        (kept_sponsor.pk, 0), (dropped_sponsor.pk, 1)]
    assert kept.sponsor_category == kept_sponsor.actor.category  # the first sponsor still leads
    assert (kept.wikidata_id, kept.osm_id, kept.commons_category) == (
        "Q4115189", "node/111", "Stalin bust in Orlov")
    assert "node/222" in kept.curator_notes  # a conflicting identifier is noted, not lost
    dropped.refresh_from_db()
    assert not dropped.events.exists() and not dropped.roles.exists()
    assert not dropped.citations.exists()
    assert (dropped.state, dropped.duplicate_of) == (State.RETIRED, kept)
    assert (dropped.wikidata_id, dropped.osm_id) == ("", "")


def test_merge_keeps_the_history_of_both_records(pair, reviewer):
    kept, dropped = pair
    event = dropped.events.first()
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    moved = Event.history.filter(id=event.pk).first()
    assert (moved.monument_id, moved.history_user) == (kept.pk, reviewer)
    assert moved.history_change_reason == f"Merged #{dropped.public_id} into this record"
    retired = Monument.history.filter(id=dropped.pk).first()
    assert retired.history_change_reason == f"Merged into #{kept.public_id}"
    assert Monument.history.filter(id=dropped.pk).count() >= 2  # its past is all still there


def test_the_same_actor_in_the_same_role_is_not_repeated(reviewer):
    actor = ActorFactory()
    kept = MonumentFactory(sponsor=actor)
    dropped = MonumentFactory(sponsor=actor, state=State.DRAFT, cited=False)
    citation = Citation.objects.create(monument=dropped, source=SourceFactory(),
                                       role=dropped.roles.get(), quote="Спонсор назван.")
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert kept.roles.count() == 1
    citation.refresh_from_db()
    assert (citation.monument, citation.role) == (kept, kept.roles.get())


def test_an_identical_citation_is_kept_once(reviewer):
    source = SourceFactory()
    kept = MonumentFactory(cited=False)
    dropped = MonumentFactory(cited=False, state=State.DRAFT)
    for monument in (kept, dropped):
        Citation.objects.create(monument=monument, source=source, quote="Одна и та же  цитата.")
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert Citation.objects.filter(source=source).count() == 1


def test_records_merged_earlier_into_the_dropped_one_follow_it(reviewer):
    kept = MonumentFactory()
    dropped = MonumentFactory(state=State.DRAFT)
    older = MonumentFactory(state=State.RETIRED, duplicate_of=dropped)
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    older.refresh_from_db()
    assert older.duplicate_of == kept


def test_a_kept_record_marked_sponsor_unknown_gets_the_sponsor(reviewer):
    kept = MonumentFactory(sponsor=False, sponsor_unknown=True)
    dropped = MonumentFactory(state=State.DRAFT,
                              sponsor=ActorFactory(category=ActorCategory.BUSINESS))
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert kept.sponsor_unknown is False
    assert kept.sponsor_category == ActorCategory.BUSINESS


@pytest.mark.parametrize(("case", "message"), [
    ("curator", "You may not merge records."),
    ("itself", "cannot be merged with itself"),
    ("already_merged", "is already merged into another record"),
    ("keep_retired", "The record to keep is retired"),
    ("drop_published", "keep the published record"),
])
def test_a_refused_merge_says_why_and_changes_nothing(reviewer, case, message):
    kept = MonumentFactory(state=State.RETIRED if case == "keep_retired" else State.PUBLISHED)
    dropped = MonumentFactory(state=State.DRAFT)
    user = user_with_role(CURATOR) if case == "curator" else reviewer
    if case == "itself":
        dropped = kept
    if case == "already_merged":
        dropped.duplicate_of = MonumentFactory()
        dropped.save()
    if case == "drop_published":
        kept, dropped = dropped, kept
    events_before = Event.objects.filter(monument=dropped).count()
    with pytest.raises(MergeError, match=message):
        monument_merge(keep=kept, drop=dropped, user=user)
    assert Event.objects.filter(monument=dropped).count() == events_before


# --- The public URL of a dropped record -------------------------------------------------------


@pytest.mark.urls(__name__)
def test_the_dropped_records_url_redirects_permanently_to_the_kept_one(client, pair, reviewer):
    kept, dropped = pair
    old_url = dropped.get_absolute_url()
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert merged_redirect_url(Monument.objects.get(pk=dropped.pk)) == kept.get_absolute_url()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.urls(__name__)
def test_a_chain_of_merges_redirects_to_the_last_kept_record(reviewer):
    final = MonumentFactory()
    middle = MonumentFactory(state=State.DRAFT)
    first = MonumentFactory(state=State.DRAFT)
    monument_merge(keep=middle, drop=first, user=reviewer)
    monument_merge(keep=final, drop=middle, user=reviewer)
    first.refresh_from_db()
    assert merged_redirect_url(first) == final.get_absolute_url()


@pytest.mark.urls(__name__)
def test_there_is_no_redirect_to_a_record_that_is_not_public(reviewer):
    kept = MonumentFactory(state=State.DRAFT)
    dropped = MonumentFactory(state=State.DRAFT)
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    dropped.refresh_from_db()
    assert merged_redirect_url(dropped) is None
    assert merged_redirect_url(kept) is None  # a record never merged does not redirect


def test_the_real_public_page_redirects_when_it_exists(client, pair, reviewer):
    # Switches itself on when the public monument page (another branch) is merged.
    kept, dropped = pair
    try:
        old_url = dropped.get_absolute_url()
    except NoReverseMatch:
        pytest.skip("registry:monument-detail is not on this branch yet")
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()


# --- In the admin -----------------------------------------------------------------------------


def test_the_merge_action_asks_which_record_to_keep_then_merges(client, pair, reviewer):
    kept, dropped = pair
    client.force_login(reviewer)
    response = client.post("/admin/registry/monument/", {
        "action": "merge_selected", "_selected_action": [kept.pk, dropped.pk]})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Merge two records" in html and f'value="{dropped.pk}"' in html

    done = client.post(response["Location"], {"keep": kept.pk}, follow=True)
    assert f"#{dropped.public_id} was merged into #{kept.public_id}" in done.content.decode()
    dropped.refresh_from_db()
    assert dropped.duplicate_of == kept


def test_the_merge_page_shows_why_a_choice_is_refused(client, pair, reviewer):
    kept, dropped = pair  # kept is published, dropped a draft
    client.force_login(reviewer)
    url = reverse("admin:registry_monument_merge") + f"?ids={kept.pk},{dropped.pk}"
    html = client.post(url, {"keep": dropped.pk}).content.decode()
    assert "These records were not merged:" in html
    assert "keep the published record" in html
    assert Monument.objects.get(pk=kept.pk).duplicate_of is None


def test_merging_needs_exactly_two_records(client, reviewer):
    client.force_login(reviewer)
    monument = MonumentFactory()
    response = client.post("/admin/registry/monument/", {
        "action": "merge_selected", "_selected_action": [monument.pk]}, follow=True)
    assert "Select exactly two records to merge." in response.content.decode()


def test_curators_cannot_open_the_merge_page(client, pair):
    kept, dropped = pair
    client.force_login(user_with_role(CURATOR))
    url = reverse("admin:registry_monument_merge") + f"?ids={kept.pk},{dropped.pk}"
    assert client.get(url).status_code == 403
    assert client.post(url, {"keep": kept.pk}).status_code == 403


def test_sponsor_roles_keep_their_meaning_after_a_merge(pair, reviewer):
    kept, dropped = pair
    monument_merge(keep=kept, drop=dropped, user=reviewer)
    assert set(ActorRole.objects.filter(monument=kept).values_list("role", flat=True)) == {
        Role.SPONSOR}


def test_a_merge_is_undone_by_reverting_the_dropped_record(client, pair, reviewer):
    kept, dropped = pair
    before = Monument.history.filter(id=dropped.pk).first()  # its last version before the merge
    kept_parts = {name: set(getattr(kept, name).values_list("pk", flat=True))
                  for name in ("events", "roles", "citations")}
    dropped_parts = {name: set(getattr(dropped, name).values_list("pk", flat=True))
                     for name in ("events", "roles", "citations")}
    monument_merge(keep=kept, drop=dropped, user=reviewer)

    client.force_login(reviewer)
    client.post(f"/admin/registry/monument/{dropped.pk}/history/{before.history_id}/")
    client.post(f"/admin/registry/monument/{dropped.pk}/transition/restore/")

    dropped.refresh_from_db()
    assert (dropped.duplicate_of, dropped.state) == (None, State.DRAFT)
    assert (dropped.wikidata_id, dropped.osm_id) == ("Q4115189", "node/222")
    for name in ("events", "roles", "citations"):
        assert set(getattr(dropped, name).values_list("pk", flat=True)) == dropped_parts[name]
        assert set(getattr(kept, name).values_list("pk", flat=True)) == kept_parts[name]


def test_the_studies_that_counted_the_dropped_record_count_the_kept_one(pair, reviewer):
    from tests.factories import DatasetEntryFactory, DatasetFactory

    keep, drop = pair
    moved = DatasetEntryFactory(monument=drop, row_id="17")
    both = DatasetFactory()
    DatasetEntryFactory(dataset=both, monument=keep, row_id="1")
    listed_twice = DatasetEntryFactory(dataset=both, monument=drop, row_id="2")
    monument_merge(keep=keep, drop=drop, user=reviewer)
    moved.refresh_from_db()
    listed_twice.refresh_from_db()
    assert moved.monument == keep and moved.row_id == "17"
    # A study that listed both counted a duplicate; its row stays on the dropped record.
    assert listed_twice.monument == drop
