from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organisation

LEVEL_NAMES = {str(label): value for value, label in Organisation.Level.choices}
LEVEL_NAMES |= {value: value for value in Organisation.Level.values} | {"县": "county"}


class Command(BaseCommand):
    help = "新建组织（市 / 县（市、区）/ 镇街 / 部门），可指定上级组织。"

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--level", default="部门", help="层级：市、县（市、区）、镇街、部门")
        parser.add_argument("--parent", default="", help="上级组织名称")

    def handle(self, *args, name: str, level: str, parent: str, **options):
        name = name.strip()
        if not name or Organisation.objects.filter(name=name).exists():
            raise CommandError(f"组织名称 {name!r} 为空或已存在。")
        if level not in LEVEL_NAMES:
            known = "、".join(str(label) for label in Organisation.Level.labels)
            raise CommandError(f"未知层级 {level}（可用：{known}）")
        above = None
        if parent:
            above = Organisation.objects.filter(name=parent.strip()).first()
            if above is None:
                raise CommandError(f"没有上级组织 {parent}。")
        organisation = Organisation.objects.create(
            name=name[:100], level=LEVEL_NAMES[level], parent=above
        )
        where = f"，上级：{above.name}" if above else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建组织 {organisation.name}（{organisation.get_level_display()}{where}）。"
                f"下一步：manage.py create_user 用户名 --org {organisation.name} --role 管理员"
            )
        )
