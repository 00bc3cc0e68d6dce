"""What the knowledge API modules share: path parameters and the notes on text versions."""

from __future__ import annotations

from ninja import Path

from zorgwijs.api.schemas import MAX_ID

PageId = Path(..., ge=1, le=MAX_ID, description="Id van de pagina.")
QuestionId = Path(..., ge=1, le=MAX_ID, description="Id van de vraag.")
AnswerId = Path(..., ge=1, le=MAX_ID, description="Id van het antwoord.")
CommentId = Path(..., ge=1, le=MAX_ID, description="Id van de opmerking.")

VERSION_OUT = "Send this back as `version` when you edit the text."
VERSION_IN = (
    "The `version` of the text you changed (from the question's thread or an earlier edit): "
    "if someone saved in between, the answer is 409 and nothing is stored."
)
