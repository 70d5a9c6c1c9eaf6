import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from arena.lib.tables import to_xlsx
from series import standings, tables
from series.models import Series


class Command(BaseCommand):
    help = (
        "导出一个赛马系列的累计排名（最新版本），与排名表文件、JSON 接口同一张表："
        "-o 文件名以 .xlsx 结尾时为 Excel，否则为 JSON（默认输出到标准输出）。"
        "用法：manage.py export_series <系列编号> [-o 文件]"
    )

    def add_arguments(self, parser):
        parser.add_argument("series", type=int)
        parser.add_argument("-o", "--output", help="输出文件（.json 或 .xlsx；默认标准输出 JSON）")

    def handle(self, *args, series: int, output: str | None, **options):
        instance = Series.objects.filter(pk=series).first()
        if instance is None:
            raise CommandError(f"没有编号为 {series} 的赛马系列")
        snapshot = standings.latest_snapshot(instance) or standings.refresh(instance)
        header, rows = tables.matrix_table(snapshot.data)
        if output and output.lower().endswith(".xlsx"):
            Path(output).write_bytes(to_xlsx([("累计排名", [header, *rows])]))
            return
        text = json.dumps(
            {
                "series": {"id": instance.pk, "title": instance.title, "year": instance.year},
                "method": instance.method,
                "version": snapshot.version,
                "fingerprint": snapshot.fingerprint,
                "columns": header,
                "rows": rows,
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
