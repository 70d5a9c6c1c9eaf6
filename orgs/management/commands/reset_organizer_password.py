import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "重设组织者的密码；缺省时随机生成并打印一次。该账号已登录的会话随之失效。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", default="", help="新密码（缺省：随机生成）")

    def handle(self, *args, username: str, password: str, **options):
        user = get_user_model().objects.filter(username=username.strip()).first()
        if user is None:
            raise CommandError(f"没有用户 {username!r}。")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("密码不符合要求：" + "；".join(error.messages)) from error
        user.set_password(password)  # changes the session hash: old sessions end
        user.save(update_fields=["password"])
        self.stdout.write(self.style.SUCCESS(f"已重设 {user.get_username()} 的密码。"))
        if generated:
            self.stdout.write(f"新密码：{password}（只显示这一次）")
