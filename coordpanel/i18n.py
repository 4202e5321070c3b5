"""The translation layer: every user-facing string, zh-CN first, English second."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

# key -> (Chinese, English); str.format placeholders are filled by t().
STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("社区防控指挥台", "Compound coordination panel"),
    "app.language": ("语言 / Language", "Language / 语言"),
    "app.compound": ("小区", "Compound"),
    "app.as_of": ("数据时点:{when}", "Data as of {when}"),
    "app.no_compound": (
        "数据库里还没有小区。请先运行 `python -m coordpanel init --demo` 建立演示小区。",
        "The database holds no compound yet. Run `python -m coordpanel init --demo` to create the demo compound.",
    ),
    "app.db_error": ("无法打开数据库:{error}", "Cannot open the database: {error}"),
    "nav.overview": ("总览", "Overview"),
    # overview: attention
    "ov.attention": ("需要关注", "Needs attention"),
    "ov.all_clear": ("一切正常:楼栋全覆盖、门岗全到岗、物资充足。", "All clear: every building covered, every gate shift staffed, no supply low."),
    "ov.gap.building": ("{building}:{status},缺少 {missing}", "{building}: {status}, missing {missing}"),
    "ov.gap.shift": ("{gate} {day} {start}–{end}:到岗 {filled}/{required}", "{gate} {day} {start}–{end}: staffed {filled}/{required}"),
    "ov.gap.shift_anchor": ("{gate} {day} {start}–{end}:无物业或下沉党员在岗", "{gate} {day} {start}–{end}: no property member or cadre on duty"),
    "ov.gap.supply": ("{item}:库存 {quantity} {unit},低于下限 {minimum}", "{item}: {quantity} {unit} in stock, below the minimum of {minimum}"),
    "ov.gap.requests": ("{n} 件居民诉求未办结(待分派 {open},办理中 {assigned})", "{n} resident requests not done ({open} open, {assigned} assigned)"),
    "ov.gap.person": ("{name}({tier}):{status},自 {since}", "{name} ({tier}): {status} since {since}"),
    "ov.more": ("另有 {n} 条", "and {n} more"),
    # overview: figures
    "ov.days_without_case": ("连续无新增病例", "Days without a new case"),
    "ov.days_unit": ("{n} 天", "{n} days"),
    "ov.days_help": ("由每日疫情报告推算:截至 {last_report} 24时,最后一例新增在 {last_case}。", "Derived from the daily reports: as of {last_report} 24:00, the last new case was on {last_case}."),
    "ov.no_reports": ("暂无疫情日报", "No case reports yet"),
    "ov.households": ("户数", "Households"),
    "ov.residents": ("居民", "Residents"),
    "ov.buildings_covered": ("三级全覆盖楼栋", "Buildings covered by all three tiers"),
    "ov.shifts_today": ("今日门岗到岗", "Gate shifts staffed today"),
    "ov.shifts_week": ("本周门岗到岗", "Gate shifts staffed this week"),
    "ov.shift_help": ("人次:已排 / 需要;{short} 个班次缺人", "person-shifts filled / required; {short} shifts short"),
    "ov.open_requests": ("未办结诉求", "Open resident requests"),
    "ov.low_supplies": ("低于下限的物资", "Supplies below minimum"),
    "ov.people": ("人员", "People"),
    "ov.people_caption": ("按层级与分组统计(在岗 / 全部,党员)", "By tier and group (active / all, party members)"),
    "ov.col.tier": ("层级", "Tier"),
    "ov.col.group": ("分组", "Group"),
    "ov.col.people": ("人数", "People"),
    "ov.col.active": ("在岗", "Active"),
    "ov.col.party": ("党员", "Party members"),
    "ov.party_total": ("党员合计", "Party members in all"),
    "ov.coverage": ("楼栋覆盖", "Building coverage"),
    "ov.coverage_caption": ("每格为在岗人数;红 = 该层级缺人", "Active people per cell; red = the tier is missing"),
    "ov.staffing": ("本周门岗排班", "Gate staffing this week"),
    "ov.staffing_caption": ("每格为 已排/需要;红 = 缺人", "Each cell is filled/required; red = short"),
    "ov.cases": ("每日新增病例", "Daily new cases"),
    "ov.cases_caption": ("截至 {day} 24时:累计 {total} 例,住院 {hospital},集中隔离 {quarantine},待收治 {waiting}", "As of {day} 24:00: {total} cases in all, {hospital} in hospital, {quarantine} in central quarantine, {waiting} awaiting placement"),
    "ov.facts": ("小区概况(与报道对照)", "The compound at a glance (as reported)"),
    "ov.fact.place": ("{district} {street} {community}", "{district}, {street}, {community}"),
    "ov.fact.cadres": ("下沉党员 {total} 名:原下沉 {original} 名,新调配 {added} 名({orgs})", "{total} sent-down cadres: {original} originally sent, {added} added ({orgs})"),
    "ov.fact.volunteers": ("小区志愿者 {total} 名(党员 {party} 名);长山社区志愿者 {community} 名", "{total} volunteers in the compound ({party} party members); {community} in the whole community"),
    "ov.fact.chat": ("社区网格群 {groups} 个;公众号上线首日阅读 {reads} 人次", "{groups} grid chat groups in the community; {reads} reads of the official account on its first day"),
    "ov.supplies": ("捐赠物资库存", "Donated supplies in stock"),
    "ov.col.item": ("物资", "Item"),
    "ov.col.quantity": ("库存", "In stock"),
    "ov.col.unit": ("单位", "Unit"),
    "ov.col.minimum": ("下限", "Minimum"),
    # sign-in, users, audit
    "nav.audit": ("审计日志", "Audit log"),
    "nav.users": ("用户管理", "Users"),
    "nav.account": ("我的账号", "My account"),
    "nav.login": ("登录", "Sign in"),
    "auth.title": ("登录社区防控指挥台", "Sign in to the coordination panel"),
    "auth.username": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.submit": ("登录", "Sign in"),
    "auth.oidc": ("使用单位账号登录", "Sign in with your organisation account"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.signed_in_as": ("当前用户:{username}({role})", "Signed in as {username} ({role})"),
    "auth.sign_in_first": ("请先登录。", "Please sign in first."),
    "auth.expired": ("长时间未操作,已自动退出,请重新登录。", "Your session expired after a period of inactivity; please sign in again."),
    "auth.bad_credentials": ("用户名或密码错误。", "Wrong user name or password."),
    "auth.locked": ("登录失败次数过多,账号已锁定至 {until},请稍后再试或联系管理员。", "Too many failed sign-ins: the account is locked until {until}. Try later or ask an admin."),
    "auth.denied": ("当前角色无权进行此操作。", "Your role does not allow this."),
    "auth.bad_username": ("用户名只能包含字母、数字和 _ . @ -,2–80 个字符:{username}", "A user name has 2–80 letters, digits or _ . @ -: {username}"),
    "auth.bad_role": ("未知角色:{role}", "Unknown role: {role}"),
    "auth.short_password": ("密码至少 {minimum} 个字符。", "A password needs at least {minimum} characters."),
    "auth.user_exists": ("用户 {username} 已存在。", "The user {username} already exists."),
    "auth.unknown_user": ("没有用户 {username}。", "There is no user {username}."),
    "auth.not_yourself": ("不能取消自己的管理员角色或停用自己。", "You cannot remove your own admin role or deactivate yourself."),
    "auth.oidc_unknown": ("单位账号 {login} 尚未开通,请联系管理员。", "The account {login} has not been given access; ask an admin."),
    "auth.password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "role.leader": ("领导", "leader"),
    "role.planner": ("排班员", "planner"),
    "role.admin": ("管理员", "admin"),
    "users.add": ("新增用户", "Add a user"),
    "users.role": ("角色", "Role"),
    "users.active": ("可登录", "May sign in"),
    "users.failed": ("连续失败", "Failed sign-ins"),
    "users.locked_until": ("锁定至", "Locked until"),
    "users.created": ("创建时间", "Created"),
    "users.password_again": ("再次输入密码", "Password again"),
    "users.save": ("保存", "Save"),
    "users.added": ("已新增用户 {username}。", "Added the user {username}."),
    "users.edit": ("修改角色 / 重设密码", "Change role / reset password"),
    "users.updated": ("已更新用户 {username}。", "Updated the user {username}."),
    "users.new_password": ("新密码(留空则不改)", "New password (empty: unchanged)"),
    "account.change_password": ("修改密码", "Change password"),
    "account.changed": ("密码已修改。", "Password changed."),
    "audit.caption": ("每一次修改都记录在此:谁、何时、改了什么、改前与改后。日志只能查看,不能修改。", "Every change is recorded here: who, when, what, before and after. The log can be read, never edited."),
    "audit.user": ("用户", "User"),
    "audit.table": ("数据表", "Table"),
    "audit.dates": ("日期范围", "Dates"),
    "audit.all": ("全部", "All"),
    "audit.col.at": ("时间", "When"),
    "audit.col.action": ("操作", "Action"),
    "audit.col.key": ("记录", "Row"),
    "audit.col.before": ("修改前", "Before"),
    "audit.col.after": ("修改后", "After"),
    "audit.count": ("共 {n} 条(最多显示 {limit} 条)", "{n} entries (at most {limit} shown)"),
    # domain words
    "status.covered": ("全覆盖", "covered"),
    "status.partial": ("部分覆盖", "partly covered"),
    "status.uncovered": ("无人覆盖", "uncovered"),
    "person.active": ("在岗", "active"),
    "person.sick": ("生病", "sick"),
    "person.quarantined": ("隔离", "quarantined"),
    "person.left": ("离开", "left"),
    "tier.grid": ("社区网格员", "Grid workers"),
    "tier.property": ("物业", "Property company"),
    "tier.volunteer": ("志愿者", "Volunteers"),
    "tier.cadre": ("下沉党员", "Sent-down cadres"),
    "weekday": ("一二三四五六日", "Mon Tue Wed Thu Fri Sat Sun"),
    "day.format": ("{month}月{day}日 周{weekday}", "{weekday} {month}/{day}"),
    "date.format": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
}


def t(key: str, lang: str = DEFAULT, **params: Any) -> str:
    """The string for `key` in `lang`; an unknown key is a programming error and fails loudly."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


def weekday(day, lang: str = DEFAULT) -> str:
    names = t("weekday", lang)
    return names.split()[day.weekday()] if lang == "en" else names[day.weekday()]


def day_label(day, lang: str = DEFAULT) -> str:
    return t("day.format", lang, month=day.month, day=day.day, weekday=weekday(day, lang))


def date_label(day, lang: str = DEFAULT) -> str:
    return t("date.format", lang, year=day.year, month=day.month, day=day.day)


def name_col(lang: str, base: str = "name") -> str:
    """Column holding a localised name in query results: name_zh/name_en or tier_zh/tier_en."""
    return f"{base}_{'en' if lang == 'en' else 'zh'}"
