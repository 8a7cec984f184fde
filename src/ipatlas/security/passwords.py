"""The password policy: length plus a strength estimate (zxcvbn), with reasons in Chinese."""

from __future__ import annotations

from ipatlas.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn 0–4: 3 = "safely unguessable: moderate protection from offline attacks"


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """Why ``password`` is refused, or ``None`` when it passes."""
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 个字符"
    if len(password) > MAX_LENGTH:
        return f"密码至多 {MAX_LENGTH} 个字符"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名"
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100], user_inputs=[username or "", "ipatlas", "知识产权"])
    if int(result["score"]) < MIN_SCORE:
        return "密码强度不足：请使用更长、不常见的词组合（可含空格、数字与符号）"
    return None


def check_password(password: str, *, username: str | None = None) -> None:
    problem = password_problem(password, username=username)
    if problem:
        raise InputError(problem, field="password")
