import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organisation
from scoring.exchange import FormatError
from scoring.exchange_import import import_contest


class Command(BaseCommand):
    help = "从 JSON 导入一场擂台赛（格式见 docs/contest-format.md），全部成功或全部不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="导出的 JSON 文件")
        parser.add_argument("--owner", required=True, help="归属的组织者用户名")
        parser.add_argument("--new-tokens", action="store_true", help="为评委生成新的评分链接")
        parser.add_argument(
            "--org",
            default="",
            help="归属的组织名称（缺省：文件中记录的组织，本机没有时为导入者的个人组织）",
        )

    def handle(self, *args, file: str, owner: str, new_tokens: bool, org: str, **options):
        organisation = None
        if org:
            organisation = Organisation.objects.filter(name=org.strip()).first()
            if organisation is None:
                raise CommandError(f"没有组织 {org}（可先用 create_organisation 创建）")
        try:
            user = get_user_model().objects.get(username=owner)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户 {owner}") from None
        try:
            with open(file, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取 {file}：{error}") from None
        try:
            contest = import_contest(
                document, user, new_tokens=new_tokens, organisation=organisation
            )
        except FormatError as error:
            raise CommandError(f"未导入：{error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入擂台赛 #{contest.pk}：{contest.title}（归属 {contest.organisation.name}）"
            )
        )
