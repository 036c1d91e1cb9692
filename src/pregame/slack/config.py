"""Slack settings, read with Slack's usual variable names from the environment or ``.env``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API = "https://slack.com/api/"
READY = "Pregame Slack app ready"  # logged once connected; `pregame up` waits for it


class SlackSettings(BaseSettings):
    """``SLACK_BOT_TOKEN``, ``SLACK_APP_TOKEN``, ``SLACK_SIGNING_SECRET``, ``SLACK_API_URL``."""

    model_config = SettingsConfigDict(env_prefix="SLACK_", env_file=".env", extra="ignore")

    bot_token: str = Field(default="", description="Bot User OAuth Token (xoxb-...).")
    app_token: str = Field(default="", description="App-Level Token for Socket Mode (xapp-...).")
    signing_secret: str = Field(default="", description="Signing Secret (Events API over HTTP).")
    api_url: str = Field(default=SLACK_API, description="Base URL of the Slack Web API.")
    working_after: float = Field(
        default=1.5, description="Seconds before a slow turn shows the working indicator."
    )

    @property
    def base_url(self) -> str:
        return self.api_url.rstrip("/") + "/"

    def problems(self, *, http: bool) -> list[str]:
        """What is missing to run in the chosen mode (empty when ready)."""
        missing = []
        if not self.bot_token:
            missing.append("SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-...)")
        if http and not self.signing_secret:
            missing.append("SLACK_SIGNING_SECRET (Basic Information > App Credentials)")
        if not http and not self.app_token:
            missing.append("SLACK_APP_TOKEN (an App-Level Token with connections:write, xapp-...)")
        return missing

    @property
    def configured(self) -> bool:
        """Enough to start in some mode: Socket Mode preferred, else the Events API."""
        return not self.problems(http=False) or not self.problems(http=True)
