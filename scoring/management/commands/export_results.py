from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest
from scoring import exports, standings


class Command(BaseCommand):
    help = "导出一场擂台赛最新版排名（CSV 带 BOM，或 JSON）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("-o", "--output", help="输出文件（默认标准输出）")

    def handle(self, *args, contest: int, format: str, output: str | None, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        snapshot = standings.recompute(contest) or standings.latest_snapshot(instance)
        if format == "csv":
            text = exports.to_csv(exports.results_table(snapshot))
        else:
            text = exports.to_json(snapshot)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
