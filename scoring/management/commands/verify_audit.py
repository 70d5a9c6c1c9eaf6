from django.core.management.base import BaseCommand, CommandError

from contests.changelog import setup_mismatches
from contests.models import Contest
from scoring.replay import replayed_results
from scoring.results import results_snapshot
from scoring.standings import fresh_results


class Command(BaseCommand):
    help = (
        "用审计日志重放全部评分，并从数据库重算，核对两者与当前（或已审核的）排名完全一致；"
        "并重放设置变更日志，核对与当前设置完全一致。"
    )

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)

    def handle(self, *args, contest: int, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        snapshot = results_snapshot(instance)
        if snapshot is None:
            raise CommandError("这场擂台赛还没有排名")
        if replayed_results(instance) != snapshot.data:
            raise CommandError(f"审计日志重放的结果与第 {snapshot.version} 版排名不一致")
        if fresh_results(instance) != snapshot.data:
            raise CommandError(f"数据库中的评分重算结果与第 {snapshot.version} 版排名不一致")
        mismatches = setup_mismatches(instance)
        if mismatches:
            listed = "\n".join(f"  {line}" for line in mismatches[:50])
            raise CommandError(f"设置变更日志重放的设置与当前设置不一致（日志 → 当前）：\n{listed}")
        entries = instance.audit_entries.count()
        changes = instance.setup_changes.count()
        self.stdout.write(
            f"一致：{entries} 条审计记录重放得到第 {snapshot.version} 版排名；"
            f"{changes} 条设置变更记录重放得到当前设置。"
        )
