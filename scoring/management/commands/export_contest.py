import json

from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest
from scoring.exchange import export_contest


class Command(BaseCommand):
    help = "把一场擂台赛（含评分表）导出为 JSON（格式见 docs/contest-format.md）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int, help="擂台赛编号")
        parser.add_argument("-o", "--output", help="输出文件（默认标准输出）")

    def handle(self, *args, contest: int, output: str | None, **options):
        try:
            instance = Contest.objects.get(pk=contest)
        except Contest.DoesNotExist:
            raise CommandError(f"没有编号为 {contest} 的擂台赛") from None
        text = json.dumps(export_contest(instance), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"已导出到 {output}")
        else:
            self.stdout.write(text)
