import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from orgs.access import grant, personal_organisation
from orgs.models import Organisation, Role, role_names

ROLE_NAMES = {str(label): value for value, label in Role.choices} | {v: v for v in Role.values}


class Command(BaseCommand):
    help = (
        "新建账号并授予组织中的角色（--org 组织名 --role 管理员 --role 组织者 …）；"
        "不给 --org 时账号得到自己的个人组织。"
        "密码从 --password 读取，缺省时随机生成并打印一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="显示的姓名")
        parser.add_argument("--password", default="", help="密码（缺省：随机生成）")
        parser.add_argument("--org", default="", help="组织名称（先用 create_organisation 创建）")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            help="角色，可重复：" + "、".join(str(label) for label in Role.labels),
        )

    @transaction.atomic
    def handle(self, *args, username: str, name: str, password: str, org: str, role, **options):
        users = get_user_model()
        username = username.strip()
        if not username or users.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名 {username!r} 为空或已存在。")
        unknown = [r for r in role if r not in ROLE_NAMES]
        if unknown:
            known = "、".join(str(label) for label in Role.labels)
            raise CommandError(f"未知角色：{'、'.join(unknown)}（可用：{known}）")
        organisation = None
        if org:
            organisation = Organisation.objects.filter(name=org.strip()).first()
            if organisation is None:
                raise CommandError(f"没有组织 {org}（先用 create_organisation 创建）。")
            if not role:
                raise CommandError("请用 --role 指定至少一个角色。")
        elif role:
            raise CommandError("--role 须与 --org 一起使用。")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        user = users(username=username, first_name=name.strip())
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("密码不符合要求：" + "；".join(error.messages)) from error
        user.set_password(password)
        user.save()
        if organisation is None:
            organisation = personal_organisation(user)
            roles_text = "个人组织的全部角色"
        else:
            roles = {ROLE_NAMES[r] for r in role}
            grant(organisation, user, roles, by=None, how="命令行建号，")
            roles_text = role_names(roles)
        self.stdout.write(
            self.style.SUCCESS(f"已创建账号 {username}：{organisation.name} · {roles_text}。")
        )
        if generated:
            self.stdout.write(f"初始密码：{password}（只显示这一次，请转交本人并提醒修改）")
