"""factory_boy factories for the whole suite."""

import factory

from members.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    password = factory.django.Password("correct horse battery staple")
