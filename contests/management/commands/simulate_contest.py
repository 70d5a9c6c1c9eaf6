from django.core.management.base import BaseCommand, CommandError

from contests import rehearsal
from contests.models import Contest


class Command(BaseCommand):
    help = "彩排：对正在运行的服务器模拟一整场擂台赛（评委通过 HTTP 评分）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int, help="擂台赛编号")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="服务器地址")
        parser.add_argument("--judges", type=int, help="参与的评委人数（默认全部）")
        parser.add_argument(
            "--scoring-seconds", type=float, default=60, help="每位汇报人的评分时长（秒）"
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, contest: int, url: str, judges, scoring_seconds, seed, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        tally = rehearsal.run(
            instance,
            url,
            judges=judges,
            scoring_seconds=scoring_seconds,
            seed=seed,
            report=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：已记录 {tally.recorded} 张评分表，请求 {tally.sent} 次，"
                f"重试 {tally.retries} 次，未记录 {sum(tally.refused.values())} 张 {tally.refused}"
            )
        )
