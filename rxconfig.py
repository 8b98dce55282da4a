import os

import reflex as rx

config = rx.Config(
    app_name="shiftapp",
    telemetry_enabled=False,
    # Browsers on other sites may not drive the app's websocket.
    cors_allowed_origins=[
        origin.strip()
        for origin in os.environ.get("SHIFTAPP_ALLOWED_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000").split(
            ","
        )
        if origin.strip()
    ],
    # The same setting the API reads (shiftapp.config): the pages' client address behind reverse proxies.
    trusted_proxy_hops=int(os.environ.get("TRUSTED_PROXY_HOPS", "0") or 0),
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    show_built_with_reflex=False,
)
