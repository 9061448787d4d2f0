"""Register list machinery: search, filter, sort and paginate from query parameters."""

import pytest
from django.http import QueryDict

from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme

pytestmark = pytest.mark.django_db

PEOPLE_LISTING = Listing(
    search_fields=("name", "job_title"),
    sort_columns=(
        SortColumn("name", "Name", ("name",)),
        SortColumn("title", "Job title", ("job_title", "name")),
    ),
    default_sort="name",
    filters=(ListFilter("role", "roles__role", "Role", tuple((r.value, r.label) for r in Role)),),
    per_page=2,
)


@pytest.fixture
def people():
    programme = get_or_create_programme("list", "Listing")
    rows = [("Cora", "Buyer"), ("Abe", "Nurse"), ("Bea", "Buyer"), ("Dan", "Pharmacist")]
    created = {
        name: Person.objects.create(programme=programme, name=name, job_title=title)
        for name, title in rows
    }
    RoleAssignment.objects.create(person=created["Bea"], role=Role.DATA_STEWARD)
    return Person.objects.filter(programme=programme)


def names(listing_page):
    return [person.name for person in listing_page.page.object_list]


def test_default_sort_and_first_page(people):
    result = PEOPLE_LISTING.apply(people, QueryDict(""))

    assert names(result) == ["Abe", "Bea"]
    assert result.total == 4
    assert result.sort == "name"


def test_descending_sort_second_page(people):
    result = PEOPLE_LISTING.apply(people, QueryDict("sort=-name&page=2"))

    assert names(result) == ["Bea", "Abe"]
    assert result.columns[0]["descending"] is True
    assert result.columns[0]["next"] == "name"


def test_search_and_filter_combine(people):
    by_title = PEOPLE_LISTING.apply(people, QueryDict("q=buyer&sort=title"))
    by_role = PEOPLE_LISTING.apply(people, QueryDict("role=data_steward"))

    assert names(by_title) == ["Bea", "Cora"]
    assert names(by_role) == ["Bea"]


def test_unknown_sort_filter_and_page_fall_back_safely(people):
    result = PEOPLE_LISTING.apply(people, QueryDict("sort=password&role=root&page=99"))

    assert result.sort == "name"
    assert result.filters[0]["value"] == ""
    assert names(result) == ["Cora", "Dan"]  # the last page


def test_a_page_costs_two_queries(people, django_assert_num_queries):
    with django_assert_num_queries(2):
        result = PEOPLE_LISTING.apply(people, QueryDict("q=a&sort=-title"))
        names(result)
