from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from series import entrants, rounds
from series.models import Series


class Command(BaseCommand):
    help = (
        "从 CSV 或 XLSX 文件导入赛马系列的参赛单位"
        "（与单位页的导入相同的列与检查：全部导入或全部不导入）。"
        "用法：manage.py import_units <系列编号> <文件> [--new-groups]"
    )

    def add_arguments(self, parser):
        parser.add_argument("series", type=int)
        parser.add_argument("file")
        parser.add_argument(
            "--new-groups", action="store_true", help="文件中出现系列没有的分组时新建它"
        )

    def handle(self, *args, series: int, file: str, new_groups: bool, **options):
        instance = Series.objects.filter(pk=series).first()
        if instance is None:
            raise CommandError(f"没有编号为 {series} 的赛马系列")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        result = entrants.import_entrants(instance, path.name, path.read_bytes(), new_groups)
        if not result.ok:
            listed = "\n".join(f"  {problem}" for problem in result.problems[:50])
            raise CommandError(f"没有导入任何单位：\n{listed}")
        rounds.units_changed(instance)  # linked by name in the rounds still open, recounted
        self.stdout.write(f"已导入 {result.created} 个参赛单位。")
