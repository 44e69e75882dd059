from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samverk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from samverk.accounts.models import ApiToken, User
        from samverk.accounts.views import PASSWORD_RESET_MAIL
        from samverk.core import email, page_cache

        # A user's name and settings show on every page they appear on; signing in (which
        # only stamps last_login) changes no page. API tokens show on no network page.
        page_cache.shown_in(User, page_cache.everywhere, ignore={"last_login"})
        page_cache.shown_in(ApiToken, page_cache.nowhere)

        email.register_kind(PASSWORD_RESET_MAIL, _("Password reset"))
