"""The second factor (DESIGN §6): TOTP per RFC 6238 and single-use recovery codes.

Codes are 6 digits for 30-second steps, accepted one step early or late (a phone's clock
drifts). A code is accepted once only: the user's row keeps the step of the last accepted
code, and an UPDATE that moves it forward is the check, so two workers that receive the
same code at once cannot both accept it. Recovery codes (about 50 random bits each) are
stored hashed as passwords are, argon2id with a random salt (ASVS 6.5.2: below 112 bits a
fast hash is not enough); using one marks it used in the same conditional way, and the
sign-in throttle allows 10 guesses in 15 minutes.
"""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, or_, select, update

from hub_app.auth.models import RecoveryCode, User
from hub_app.auth.passwords import hash_password, verify_password
from hub_app.core import audit
from hub_app.core.errors import ValidationFailed
from hub_app.core.models import utcnow
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db

ISSUER = "hub_app 川崎市"
STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: no 0/o, 1/l/i: a code copied from paper is read without doubt
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
WRONG_CODE = "確認コードが正しくないか、すでに使われています。"


def required_for(user: User) -> bool:
    """True when the user's role must have a second factor (MFA_REQUIRED_ROLES)."""
    setting = current_app.config.get("MFA_REQUIRED_ROLES") or ()
    roles = setting.split(",") if isinstance(setting, str) else setting
    return user.role in {role.strip() for role in roles if role.strip()}


# --- enrolment ---------------------------------------------------------------------------


def pending_secret(user: User) -> str:
    """The secret being enrolled, made on the first visit and kept until confirmed.

    The first visit is a GET, a SQLite reader: it commits its reads and stores the secret
    in a transaction whose first statement is the write (see core.sqlite).
    """
    if user.mfa_pending_secret is None:
        user_id = user.id
        db.session.commit()
        db.session.execute(
            update(User)
            .where(User.id == user_id, User.mfa_pending_secret.is_(None))
            .values(mfa_pending_secret=pyotp.random_base32())  # 160 bits, as RFC 4226 advises
        )
        db.session.commit()
    return user.mfa_pending_secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI, made here: the secret never reaches another service."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def confirm(user: User, code: str) -> list[str]:
    """Turn the pending secret on once a code from it is right; returns the recovery codes."""
    secret = user.mfa_pending_secret
    step = _matching_step(secret, code) if secret else None
    if step is None:
        raise ValidationFailed(WRONG_CODE, {"code": [WRONG_CODE]})
    user.mfa_secret, user.mfa_pending_secret = secret, None
    user.mfa_enabled_at, user.mfa_last_step = utcnow(), step
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.write("mfa_enable", user, "user", user.id)
    return codes


def regenerate_recovery_codes(user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a current code."""
    if not accept(user, code):
        raise ValidationFailed(WRONG_CODE, {"code": [WRONG_CODE]})
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.write("mfa_recovery_codes", user, "user", user.id)
    return codes


def reset(actor: User, user: User) -> None:
    """An admin removes a user's second factor (a lost phone): the user's sessions end and
    they enrol again at their next sign-in when their role requires it."""
    require(is_admin(actor))
    had = user.mfa_enabled
    user.mfa_secret = user.mfa_pending_secret = None
    user.mfa_enabled_at = user.mfa_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.rotate_session_token()
    db.session.flush()
    audit.write("mfa_reset", actor, "user", user.id, {"mfa_enabled": [had, False]})


def remaining_recovery_codes(user: User) -> int:
    return len(_unused_codes(user))


# --- verification ------------------------------------------------------------------------


def accept(user: User, code: str) -> str | None:
    """'totp' or 'recovery' when the code is right and unused (it is then used up); else None."""
    if not user.mfa_secret:
        return None
    typed = _normalise(code)
    if typed.isdigit() and len(typed) == 6:
        step = _matching_step(user.mfa_secret, typed)
        return "totp" if step is not None and _claim_step(user, step) else None
    if len(typed) == 10:
        return "recovery" if _use_recovery_code(user, typed) else None
    return None


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    typed = _normalise(code)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    moved = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.mfa_last_step.is_(None), User.mfa_last_step < step))
        .values(mfa_last_step=step),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.expire(user, ["mfa_last_step"])
    return moved == 1


def _unused_codes(user: User) -> list[RecoveryCode]:
    return list(
        db.session.scalars(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
    )


def _use_recovery_code(user: User, typed: str) -> bool:
    for record in _unused_codes(user):
        if verify_password(record.code_hash, typed):
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == record.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow()),
                execution_options={"synchronize_session": False},
            ).rowcount
            return used == 1
    return False


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_password(raw)))
    return codes
