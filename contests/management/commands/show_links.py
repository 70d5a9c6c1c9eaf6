from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from contests.models import Contest


class Command(BaseCommand):
    help = "打印组织者登录、一个评委链接等常用地址。"

    def add_arguments(self, parser):
        parser.add_argument("--base", default="http://127.0.0.1:8000")
        parser.add_argument("--contest", type=int, help="擂台赛编号（默认最早创建的一场）")

    def handle(self, *args, base: str, contest: int | None, **options):
        base = base.rstrip("/")
        queryset = Contest.objects.order_by("id")
        instance = queryset.filter(pk=contest).first() if contest else queryset.first()
        self.stdout.write(f"组织者页面：{base}{reverse('organizer:contest_list')}")
        self.stdout.write(f"赛马系列：{base}{reverse('series:list')}")
        login_file = settings.DATA_DIR / "demo-login.txt"
        if login_file.exists():
            username, password = login_file.read_text().split()
            self.stdout.write(f"演示组织者：用户名 {username}  密码 {password}")
        if instance is None:
            return
        self.stdout.write(f"擂台赛 #{instance.pk}：{instance.title}")
        self.stdout.write(
            f"大屏（投影）：{base}{reverse('screen:projector', args=[instance.screen_token])}"
        )
        self.stdout.write(
            f"观众页面：{base}{reverse('screen:audience', args=[instance.screen_token])}"
        )
        self.stdout.write(
            f"现场控制：{base}{reverse('organizer:live_control', args=[instance.pk])}"
        )
        judge = instance.judges.order_by("order", "id").first()
        if judge:
            self.stdout.write(f"评委 {judge.name} 的评分链接：{base}{judge.get_scoring_url()}")
