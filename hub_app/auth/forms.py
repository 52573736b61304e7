"""Sign-in, password and user-administration forms."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hub_app.core.enums import HUBS, ROLES, choices
from hub_app.core.forms import RecordForm


class LoginForm(RecordForm):
    email = EmailField("メールアドレス", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("パスワード", validators=[DataRequired(), Length(max=256)])


class CodeForm(RecordForm):
    """The second step of a sign-in, enrolment's confirmation and new recovery codes."""

    code = StringField(
        "確認コード",
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class ReauthForm(RecordForm):
    """Password (and code, when enrolled) again before the riskiest actions."""

    password = PasswordField("パスワード", validators=[DataRequired(), Length(max=256)])
    code = StringField(
        "確認コード",
        validators=[Optional(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code"},
    )


class TokenForm(RecordForm):
    name = StringField("名前", validators=[DataRequired(), Length(max=100)])
    days = IntegerField(
        "有効期間(日)",
        default=90,
        validators=[
            DataRequired(),
            NumberRange(min=1, max=365, message="有効期限は1日から365日の間で指定してください。"),
        ],
    )
    read_only = BooleanField("読み取り専用(変更の操作はすべて403で拒否)", default=False)


class PasswordChangeForm(RecordForm):
    current_password = PasswordField("現在のパスワード", validators=[DataRequired()])
    new_password = PasswordField("新しいパスワード", validators=[DataRequired()])
    confirm = PasswordField(
        "新しいパスワード(確認)",
        validators=[DataRequired(), EqualTo("new_password", message="確認用と一致しません。")],
    )


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(RecordForm):
    email = EmailField(
        "メールアドレス",
        validators=[
            DataRequired(),
            Email(message="メールアドレスの形式が正しくありません。"),
            Length(max=254),
        ],
    )
    name = StringField("氏名", validators=[DataRequired(), Length(max=100)])
    role = SelectField("役割", choices=choices(ROLES))
    hubs = CheckboxListField("所属拠点", choices=choices(HUBS))
    active = BooleanField("有効", default=True)


class UserCreateForm(UserForm):
    password = PasswordField("初期パスワード", validators=[DataRequired()])


class PasswordResetForm(RecordForm):
    new_password = PasswordField("新しいパスワード", validators=[DataRequired()])


class RemindersForm(RecordForm):
    """The account page's switch of the daily follow-up e-mail (send-reminders)."""

    reminders_enabled = BooleanField("次回対応のリマインドメールを受け取る")
