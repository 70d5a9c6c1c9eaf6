import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from contests.models import Contest
from scoring.demo import DEMO_USERNAME, EXTRA_DEMOS, create_demo


class Command(BaseCommand):
    help = (
        "载入演示擂台赛（10 位局长分 2 组、四看评分项、60 位评委分 2 组）"
        "和一个已签字 3 期的演示赛马系列。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库里已有擂台赛时什么也不做"
        )
        parser.add_argument("--password", default="", help="演示组织者的密码（默认随机生成）")

    def handle(self, *args, if_empty: bool, password: str, **options):
        if if_empty and Contest.objects.exists():
            self.stdout.write("已有擂台赛，跳过演示数据。")
            return
        password = password or secrets.token_urlsafe(9)
        contest, created = create_demo(password)
        self.stdout.write(self.style.SUCCESS(f"已创建演示擂台赛 #{contest.pk}：{contest.title}"))
        if created:
            for build in EXTRA_DEMOS:  # what the apps built on scoring add (series, ledger…)
                for line in build(contest.owner, password):
                    self.stdout.write(self.style.SUCCESS(line))
            # Kept beside the database so the run script can show the login again later.
            login_file = settings.DATA_DIR / "demo-login.txt"
            login_file.write_text(f"{DEMO_USERNAME} {password}\n")
            login_file.chmod(0o600)
            self.stdout.write(f"组织者账号：{DEMO_USERNAME}  密码：{password}")
        else:
            self.stdout.write(f"组织者账号 {DEMO_USERNAME} 已存在，密码未改变。")
