from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from contests.models import Contest
from scoring import standings
from scoring.models import StandingsState
from scoring.results import SIGNED


class Command(BaseCommand):
    help = "立即重新计算一场擂台赛的排名（在本进程中执行，不经队列）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)
        parser.add_argument("--force", action="store_true", help="即使没有新评分也生成新版本")

    def handle(self, *args, contest: int, force: bool, **options):
        instance = Contest.objects.filter(pk=contest).first()
        if instance is None:
            raise CommandError(f"没有编号为 {contest} 的擂台赛")
        if instance.status in SIGNED:
            raise CommandError("结果已审核签字，排名不再重算；如需更正，请先在结果页撤回审核。")
        if force:
            StandingsState.objects.get_or_create(contest_id=contest)
            StandingsState.objects.filter(contest_id=contest).update(
                requested_seq=F("requested_seq") + 1
            )
        snapshot = standings.recompute(contest)
        if snapshot is None:
            current = standings.latest_snapshot(Contest.objects.get(pk=contest))
            self.stdout.write(f"排名已是最新（第 {current.version if current else 0} 版）。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已生成第 {snapshot.version} 版排名。"))
