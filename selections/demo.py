"""The demo 评选: 青岗镇's 评五星 over 16 villages, 20 nominees through the seven steps' first
five, in 公示 from today, with one objection waiting for its finding."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from scoring.demo import demo_names, demo_organisation
from selections import flow

VILLAGES = [
    f"{name}村"
    for name in ("青岗", "金华", "东岳", "石梯", "龙台", "新桥", "永安", "白鹤",
                 "红星", "柳树", "双河", "太和", "玉峰", "观音", "瑞峰", "复兴")
]  # fmt: skip


def seed(owner, password: str) -> list[str]:
    today = timezone.localdate()
    organisation = demo_organisation(owner)  # the demo organizer is its 审核人 too
    selection = flow.create(
        organisation, f"{today.year}年青岗镇“评五星”活动", today.year, owner, units=VILLAGES
    )
    units, stars = list(selection.units.all()), list(selection.categories.all())
    steps = list(selection.steps.all())
    nominees = []
    for i, name in enumerate(demo_names(20, seed=5)):
        story = f"{name}热心村里公益，带动乡邻共同致富。"
        nominee = flow.nominate(
            selection, name=name, unit=units[(i * 5) % 16], category=stars[i % 5], user=owner,
            story=story,
        )  # fmt: skip
        flow.pass_step(nominee, steps[0], owner, note="走访群众 10 户")
        flow.pass_step(nominee, steps[1], owner, number=30 + i)
        flow.pass_step(nominee, steps[2], owner, on=today - dt.timedelta(days=7),
                       votes=(45, 1, 2))  # fmt: skip
        flow.pass_step(nominee, steps[3], owner, note="考察合格")
        flow.pass_step(nominee, steps[4], owner)
        nominees.append(nominee)
    flow.open_publicity(selection, today, owner, contact="镇纪委 电话 0825-0000000（工作日）")
    flow.record_objection(
        nominees[3], received_on=today, channel="visit", user=owner,
        content="反映其家庭邻里关系不和睦，请核实。", submitter="群众代表",
    )  # fmt: skip
    return [f"已创建演示评选 #{selection.pk}：{selection.title}（公示中，20 人，1 条异议待处理）"]
