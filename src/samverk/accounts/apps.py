from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samverk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from samverk.accounts.views import PASSWORD_RESET_MAIL
        from samverk.core import email

        email.register_kind(PASSWORD_RESET_MAIL, _("Password reset"))
