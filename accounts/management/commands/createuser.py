import getpass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Membership, Organisation, User


class Command(BaseCommand):
    help = "Create a person (e-mail verified), optionally staff and a member of an organisation."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", help="Asked for when not given.")
        parser.add_argument("--name", default="", help="Display name.")
        parser.add_argument("--staff", action="store_true", help="Operator staff with back-office access.")
        parser.add_argument("--organisation", help="Slug of an organisation to join.")
        parser.add_argument("--role", default="member", choices=Membership.Role.values)

    def handle(self, *args, email, password, name, staff, organisation, role, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email} is not a valid e-mail address.") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"{email} already has an account.")
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with the short name {organisation!r}.")
        password = password or getpass.getpass("Password: ")
        if len(password) < 8:
            raise CommandError("The password must have at least 8 characters.")
        with transaction.atomic():
            user = User.objects.create_user(
                email, password, display_name=name, is_staff=staff, is_superuser=staff
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if org is not None:
                Membership.objects.create(user=user, organisation=org, role=role)
        self.stdout.write(f"Created {email}{' (staff)' if staff else ''}.")
