import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "新建组织者账号（只能看到自己创建的擂台赛；不是管理员）。"
        "密码从 --password 读取，缺省时随机生成并打印一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="显示的姓名")
        parser.add_argument("--password", default="", help="密码（缺省：随机生成）")

    def handle(self, *args, username: str, name: str, password: str, **options):
        users = get_user_model()
        username = username.strip()
        if not username or users.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名 {username!r} 为空或已存在。")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        user = users(username=username, first_name=name.strip())
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("密码不符合要求：" + "；".join(error.messages)) from error
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"已创建组织者 {username}。"))
        if generated:
            self.stdout.write(f"初始密码：{password}（只显示这一次，请转交本人并提醒修改）")
