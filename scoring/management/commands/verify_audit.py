from django.core.management.base import BaseCommand, CommandError

from contests.changelog import setup_mismatches
from contests.models import Contest
from scoring.replay import broken_seals, replayed_results, score_mismatches
from scoring.results import results_snapshot
from scoring.standings import fresh_results


class Command(BaseCommand):
    help = (
        "用审计日志重放全部评分，并从数据库重算，核对两者与当前（或已审核的）排名完全一致；"
        "逐项核对每张评分表与其最后一条审计记录；核对审计记录、签字、结果日志与设置变更日志的封签；"
        "并重放设置变更日志，核对与当前设置完全一致。用法：manage.py verify_audit <擂台赛编号>"
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
        differing = score_mismatches(instance)
        if differing:
            listed = "\n".join(f"  {line}" for line in differing[:50])
            raise CommandError(f"数据库中的评分与审计日志不一致（逐项核对）：\n{listed}")
        edited, unsealed = broken_seals(instance)
        if edited:
            listed = "\n".join(f"  {line}" for line in edited[:50])
            raise CommandError(f"日志记录的封签不符，写入后被改动：\n{listed}")
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
            f"一致：{entries} 条审计记录重放得到第 {snapshot.version} 版排名，"
            f"每张已提交评分表的每一项与其最后一条审计记录相同；"
            f"{changes} 条设置变更记录重放得到当前设置；签字、结果日志与各条记录的封签均相符。"
        )
        if unsealed:
            self.stdout.write(f"另有 {unsealed} 条记录写于封签启用之前，无封签可核对。")
