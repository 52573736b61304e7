"""hub_app: records, matchings and KPI reports of Kawasaki City's innovation hubs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from hub_app.config import default_config, load_secret_key
from hub_app.extensions import csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    app.config["WTF_I18N_ENABLED"] = False  # use WTForms' bundled Japanese messages
    # a server may drop an idle connection, a SQLite file cannot: the ping on every
    # checkout would be one statement more in every API request
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "pool_pre_ping": not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)

    with app.app_context():
        from hub_app.core import sqlite

        sqlite.configure(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from hub_app import models  # noqa: F401  (every table known to Alembic and the ORM)
    from hub_app.core import versions, web

    versions.init_app()
    web.init_app(app)
    app.url_map.converters["int"] = web.RecordIdConverter
    _register_blueprints(app)

    from hub_app.cli import register_commands

    register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from hub_app.admin.views import bp as admin_bp
    from hub_app.api import bp as api_bp
    from hub_app.auth.account import bp as account_bp
    from hub_app.auth.views import bp as auth_bp
    from hub_app.bookings.feed_views import bp as calendar_feeds_bp
    from hub_app.bookings.views import bp as bookings_bp
    from hub_app.consultations.views import links as consultation_links_bp
    from hub_app.dashboard.views import bp as dashboard_bp
    from hub_app.events.views import bp as events_bp
    from hub_app.followups.views import bp as followups_bp
    from hub_app.imports.views import bp as imports_bp
    from hub_app.knic.views import bp as knic_bp
    from hub_app.kpi.views import bp as kpi_bp
    from hub_app.organizations.picker import bp as organization_picker_bp
    from hub_app.organizations.views import bp as organizations_bp
    from hub_app.registry.views import bp as registry_bp
    from hub_app.reports.views import bp as reports_bp
    from hub_app.search.views import bp as search_bp
    from hub_app.welltech.views import bp as welltech_bp

    for blueprint in (
        auth_bp,
        account_bp,
        dashboard_bp,
        organizations_bp,
        organization_picker_bp,
        registry_bp,
        welltech_bp,
        consultation_links_bp,
        bookings_bp,
        calendar_feeds_bp,
        events_bp,
        knic_bp,
        kpi_bp,
        reports_bp,
        search_bp,
        imports_bp,
        admin_bp,
        api_bp,
        followups_bp,
    ):
        app.register_blueprint(blueprint)
