from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arena.lib.tables import to_csv, to_xlsx
from contests.models import Contest
from scoring import exports, results, standings


class Command(BaseCommand):
    help = "导出一场擂台赛的排名：已审核的版本，未审核时为最新版（CSV 带 BOM、XLSX 或 JSON）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("-o", "--output", help="输出文件（默认标准输出；xlsx 必须指定）")

    def handle(self, *args, contest: int, format: str, output: str | None, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        if instance.status not in results.SIGNED:
            standings.recompute(contest)  # bring unsigned standings up to date first
        snapshot = results.results_snapshot(instance)
        if snapshot is None:
            raise CommandError("这场擂台赛还没有排名")
        table = exports.awarded_results_table(instance, snapshot)
        if format == "xlsx":
            if not output:
                raise CommandError("XLSX 请用 -o 指定输出文件")
            Path(output).write_bytes(to_xlsx([("排名", table)]))
            return
        text = to_csv(table) if format == "csv" else exports.to_json(snapshot)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
