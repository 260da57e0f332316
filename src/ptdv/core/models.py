"""The civil-servant calendar as data: the days that break the Monday-to-Friday pattern."""

from django.db import models


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ (lễ, Tết, nghỉ bù, nghỉ hoán đổi)"
    WORKING_DAY = "working_day", "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)"


class CalendarDay(models.Model):
    """One day announced for civil servants that is not what its weekday says: a weekday off
    (Tết, Giỗ Tổ Hùng Vương, a compensatory or swapped day off) or a weekend day worked
    (a make-up Saturday). 1/1, 30/4, 1/5 and 2/9 are fixed by the Labour Code and need no
    row; every deadline in working days reads this table (`core.calendar`)."""

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField("nội dung", max_length=255)
    legal_basis = models.CharField("căn cứ (thông báo)", max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày đặc biệt của lịch làm việc"
        verbose_name_plural = "lịch làm việc"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"
