"""Factories for tests. Everything they make is synthetic and lives only in the test database."""

import factory
from django.contrib.auth import get_user_model

from registry.choices import ActorCategory, EventKind, Role, State
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source
from registry.models.datasets import Dataset, DatasetEntry


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


def region(code: str = "RU-VLG") -> Region:
    """Regions are preloaded by a migration; tests use the real ones."""
    return Region.objects.get(code=code)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name_en = factory.Sequence(lambda n: f"Test actor {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый участник {n}")
    category = ActorCategory.KPRF


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Test report {n}")
    outlet = "Test outlet"
    url = factory.Sequence(lambda n: f"https://news.example.org/report-{n}")
    language = "ru"


class MonumentFactory(factory.django.DjangoModelFactory):
    """A published monument with a first installation, a sponsor and a citation.

    `installed="2019-05-09"` sets the first-installation date (EDTF); `sponsor=<Actor>` and
    `sponsor_category=` choose the sponsor; `cited=False` leaves it without a citation.
    """

    class Meta:
        model = Monument
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"Test Stalin bust {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый бюст Сталина {n}")
    form = "bust"
    status = "standing"
    origin = "new"
    country = "RU"
    region = factory.LazyFunction(region)
    settlement_en = "Vologda"
    settlement_ru = "Вологда"
    state = State.PUBLISHED

    @factory.post_generation
    def installed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Event.objects.create(monument=self, kind=EventKind.UNVEILED,
                                 date=extracted or "2019-05-09")

    @factory.post_generation
    def sponsor(self, create, extracted, **kwargs):
        if create and extracted is not False:
            actor = extracted or ActorFactory(category=kwargs.get("category", ActorCategory.KPRF))
            ActorRole.objects.create(monument=self, actor=actor, role=Role.SPONSOR)

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Citation.objects.create(monument=self, source=SourceFactory(),
                                    quote="Памятник Сталину открыли.")
        if create:
            self.refresh_from_db()


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    monument = factory.SubFactory(MonumentFactory)
    kind = EventKind.INSTALLED
    date = "2020"


def user_with_role(role: str, username: str | None = None):
    """A staff user in one of the workflow's groups (curator, reviewer, administrator)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username or role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


class DatasetFactory(factory.django.DjangoModelFactory):
    """A published study to compare with; `DatasetEntryFactory` records what it counts."""

    class Meta:
        model = Dataset

    title = factory.Sequence(lambda n: f"Test study {n}")
    authors = "Test Author"
    publisher = "Test Publisher"
    url = factory.Sequence(lambda n: f"https://study.example.org/{n}")


class DatasetEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatasetEntry

    dataset = factory.SubFactory(DatasetFactory)
    monument = factory.SubFactory(MonumentFactory)
    row_id = factory.Sequence(lambda n: str(n + 1))
