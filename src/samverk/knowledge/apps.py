from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "samverk.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from samverk.core.registry import ApiRoutes, DemoLoader, NavItem, UrlMount, registry
        from samverk.knowledge import api, cache_rules, demo, survey_services

        cache_rules.register()
        registry.urls.register(
            UrlMount("knowledge", "n/<slug:network>/knowledge/", "samverk.knowledge.urls", 47)
        )
        registry.navigation.register(
            NavItem("knowledge", _("Knowledge base"), "knowledge:dataset_list", 61)
        )
        registry.api_routes.register(ApiRoutes("knowledge", "knowledge", api.register, 47))
        registry.demo_loaders.register(DemoLoader("knowledge", demo.load, 70))
        registry.urls.register(
            UrlMount("knowledge_survey", "survey/", "samverk.knowledge.survey_urls", 47)
        )
        survey_services.register_mail_kinds()
