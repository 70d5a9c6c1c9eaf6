from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest
from scoring import results


class Command(BaseCommand):
    help = "打印一场擂台赛结果的 SHA-256 指纹（已审核的版本，未审核时为最新版），用于核对纸质报告。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)
        parser.add_argument(
            "--canonical",
            action="store_true",
            help="打印指纹所依据的规范文本（UTF-8 JSON），可用 sha256sum 自行核对",
        )

    def handle(self, *args, contest: int, canonical: bool, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        snapshot = results.results_snapshot(instance)
        if snapshot is None:
            raise CommandError("这场擂台赛还没有排名")
        if canonical:
            self.stdout.write(
                results.canonical_results(instance, snapshot.data).decode(), ending=""
            )
            return
        self.stdout.write(results.fingerprint(instance, snapshot.data))
