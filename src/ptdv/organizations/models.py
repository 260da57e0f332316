"""The party-organisation tree: kinds and sectors as data, units with a materialised path,
and the authority table saying which body decides what."""

from django.db import models
from django.db.models import Q

from ptdv.core.fields import recorded_by
from ptdv.organizations.paths import PathField, descendant_filter
from ptdv.organizations.querysets import ScopedQuerySet
from ptdv.organizations.scope import scope_prefixes


class OrganizationKind(models.Model):
    """A kind of party organisation (đảng bộ tỉnh, đảng bộ xã, chi bộ…). Levels are data:
    the 2025 reform removed the district level without a code change."""

    code = models.SlugField("mã loại", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=120)
    rank = models.PositiveSmallIntegerField(
        "bậc", help_text="Bậc càng nhỏ càng ở cao trong cây (10: Trung ương … 90: chi bộ)."
    )
    is_cell = models.BooleanField("là chi bộ", default=False)
    is_grassroots = models.BooleanField("là tổ chức cơ sở đảng", default=False)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = "loại tổ chức đảng"
        verbose_name_plural = "loại tổ chức đảng"

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """The field a unit works in (khu dân cư nông thôn, trường học, doanh nghiệp…); reports
    break new members down by it."""

    code = models.SlugField("mã loại hình", max_length=40, unique=True)
    name = models.CharField("loại hình", max_length=120)
    is_residential = models.BooleanField("là khu dân cư", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "loại hình tổ chức"
        verbose_name_plural = "loại hình tổ chức"

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def for_user(self, user) -> "OrganizationQuerySet":
        return self.filter(descendant_filter("path", scope_prefixes(user)))

    def under(self, organization: "Organization", *, include_self: bool = True):
        query = self.filter(path__under=organization.path)
        return query if include_self else query.exclude(pk=organization.pk)

    def active_on(self, day) -> "OrganizationQuerySet":
        return self.active_between(day, day)

    def active_between(self, start, end) -> "OrganizationQuerySet":
        """Units that existed at some time between `start` and `end` (both included)."""
        return self.filter(active_between(start, end))

    def cover_everything(self, prefixes) -> bool:
        """Whether every unit lies under the path `prefixes` (the country's figures): then
        no row needs its unit tested. One small query, only when a root's path is given."""
        if not any(prefix.count("/") == 2 for prefix in prefixes):
            return False
        return not self.filter(parent__isnull=True).exclude(path__in=list(prefixes)).exists()


def active_between(start, end, prefix: str = "") -> Q:
    """The one definition of "unit active during a period": founded by `end` (or no date)
    and not dissolved before `start`. `prefix` reaches the unit through a relation
    ("organization__")."""
    founded = Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": end})
    alive = Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start})
    return founded & alive


class Organization(models.Model):
    """A party organisation (tổ chức đảng): a committee, a grassroots organisation or a cell.

    Units are never deleted: a dissolved or merged unit keeps its subtree and its history,
    with `valid_to` and `merged_into` telling what became of it. Whoever sees the successor
    sees the predecessor's history too (see `scope.scope_prefixes`)."""

    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    name = models.CharField("tên tổ chức", max_length=255)
    kind = models.ForeignKey(
        OrganizationKind, on_delete=models.PROTECT, related_name="+", verbose_name="loại"
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="loại hình",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        verbose_name="cấp trên trực tiếp",
    )
    path = PathField("đường dẫn", editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("ngày thành lập", null=True, blank=True)
    valid_to = models.DateField("ngày giải thể", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="predecessors",
        null=True,
        blank=True,
        verbose_name="hợp nhất vào",
    )
    search_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        indexes = [
            models.Index(fields=["path"], name="org_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "sort_key"], name="org_children_idx"),
            # The merged units under a successor and their paths (each round of
            # `scope.subtree_prefixes_many`): an index-only probe from the successors found
            # by path, not a hash of every merged unit of the country for each round.
            models.Index(
                fields=["merged_into", "path"],
                condition=Q(merged_into__isnull=False),
                name="org_merged_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="org_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class AuthorityDecision(models.TextChoices):
    ADMISSION = "admission", "Quyết định kết nạp đảng viên"
    RECOGNITION = "recognition", "Quyết định công nhận đảng viên chính thức"
    OVER_60_CONSENT = "over_60_consent", "Đồng ý kết nạp người trên 60 tuổi"
    STRIKE_OFF = "strike_off", "Quyết định xóa tên đảng viên dự bị"
    CLASS_CERTIFICATE = "class_certificate", "Cấp giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng"


class AuthorityBody(models.TextChoices):
    SELF = "self", "Cấp ủy cơ sở được ủy quyền (tập thể cấp ủy)"
    DIRECT_SUPERIOR = "direct_superior", "Ban Thường vụ cấp ủy cấp trên trực tiếp"
    PROVINCE = "province", "Ban Thường vụ tỉnh ủy, thành ủy (cấp ủy trực thuộc Trung ương)"
    POLITICAL_CENTRE = "political_centre", "Trung tâm chính trị hoặc cấp ủy có thẩm quyền"


class AuthorityRule(models.Model):
    """Which body decides what, for which kind of grassroots organisation, in which period.
    Configuration, not code: the 2025 reform moved these powers and may move them again."""

    decision = models.CharField("việc", max_length=30, choices=AuthorityDecision.choices)
    subject_kind = models.ForeignKey(
        OrganizationKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="áp dụng cho loại tổ chức",
        help_text="Để trống: áp dụng cho mọi loại.",
    )
    body = models.CharField("cấp quyết định", max_length=30, choices=AuthorityBody.choices)
    legal_basis = models.CharField("căn cứ", max_length=255)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        ordering = ["decision", "-valid_from"]
        verbose_name = "thẩm quyền quyết định"
        verbose_name_plural = "bảng thẩm quyền"

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.get_body_display()}"


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", "Hợp nhất, sáp nhập"
    SPLIT = "split", "Chia tách"
    MOVE = "move", "Chuyển cấp trên trực tiếp"
    RENAME = "rename", "Đổi tên"
    CHANGE_KIND = "change_kind", "Đổi loại tổ chức"
    DISSOLVE = "dissolve", "Giải thể"
    REFORM = "reform", "Sắp xếp theo tệp"


class Reorganisation(models.Model):
    """One reorganisation carried out under a decision (quyết định) of a competent body:
    what was done, by which decision, effective from which day."""

    kind = models.CharField("việc", max_length=20, choices=ReorganisationKind.choices)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    issuing_body = models.CharField("cơ quan ban hành", max_length=255)
    effective_on = models.DateField("ngày có hiệu lực")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="reorganisations",
        verbose_name="tổ chức tiếp nhận hoặc được sắp xếp",
    )
    summary = models.CharField("nội dung", max_length=500, blank=True)
    created_by = recorded_by("người thực hiện")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = "sắp xếp tổ chức"
        verbose_name_plural = "sắp xếp tổ chức"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — QĐ {self.decision_number}"


class ParentPeriod(models.Model):
    """An earlier place of a unit in the tree: its parent and its path from `valid_from`
    (empty: since it was founded) to `valid_to`. The current place is the unit's own
    `parent` and `path`; a row is written for the unit and every unit under it each time
    an operation moves it, so "the structure as recorded on a day" is one range scan."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="parent_history",
        verbose_name="tổ chức",
    )
    parent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="cấp trên trực tiếp",
    )
    path = PathField("đường dẫn")
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày")
    reorganisation = models.ForeignKey(
        Reorganisation,
        on_delete=models.PROTECT,
        related_name="closed_periods",
        verbose_name="theo quyết định",
    )

    class Meta:
        ordering = ["organization", "valid_to"]
        verbose_name = "cấp trên trước đây"
        verbose_name_plural = "lịch sử cấp trên"
        indexes = [
            models.Index(
                fields=["path"],
                name="org_parent_period_path_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["organization", "valid_to"], name="org_parent_period_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ⊂ {self.parent} (đến {self.valid_to:%d/%m/%Y})"
