"""Reference lists: ethnic groups, religions, education levels. Stored values are the codes;
the Vietnamese names are what pages and exports show."""

from django.db import models

# The 54 ethnic groups of Viet Nam (Danh mục các dân tộc Việt Nam, Tổng cục Thống kê).
ETHNIC_GROUPS = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Stiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "Kháng",
    "La Chí",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Chứt",
    "Lự",
    "Lô Lô",
    "Mảng",
    "Cờ Lao",
    "Bố Y",
    "Cống",
    "Ngái",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ Măm",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]


class Religion(models.TextChoices):
    NONE = "none", "Không"
    BUDDHISM = "buddhism", "Phật giáo"
    CATHOLICISM = "catholicism", "Công giáo"
    PROTESTANTISM = "protestantism", "Tin lành"
    CAO_DAI = "cao_dai", "Cao Đài"
    HOA_HAO = "hoa_hao", "Phật giáo Hòa Hảo"
    ISLAM = "islam", "Hồi giáo"
    OTHER = "other", "Tôn giáo khác"


class GeneralEducation(models.TextChoices):
    """General education, written as offices write it (9/12, 12/12)."""

    PRIMARY = "primary", "Tiểu học (5/12)"
    LOWER_SECONDARY = "lower_secondary", "Trung học cơ sở (9/12)"
    UPPER_SECONDARY = "upper_secondary", "Trung học phổ thông (12/12)"


class ProfessionalLevel(models.TextChoices):
    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    COLLEGE = "college", "Cao đẳng"
    UNIVERSITY = "university", "Đại học"
    MASTER = "master", "Thạc sĩ"
    DOCTOR = "doctor", "Tiến sĩ"


class WorkplaceType(models.TextChoices):
    """Where a person works, as development reports break new members down."""

    NONE = "", "Chưa xác định"
    STATE_AGENCY = "state_agency", "Cơ quan hành chính nhà nước"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"
    SCHOOL = "school", "Trường học"
    STATE_ENTERPRISE = "state_enterprise", "Doanh nghiệp nhà nước"
    PRIVATE_ENTERPRISE = "private_enterprise", "Doanh nghiệp ngoài nhà nước"
    FOREIGN_ENTERPRISE = "foreign_enterprise", "Doanh nghiệp có vốn đầu tư nước ngoài"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    AGRICULTURE = "agriculture", "Sản xuất nông, lâm, ngư nghiệp"
    SELF_EMPLOYED = "self_employed", "Lao động tự do"
    STUDENT = "student", "Học sinh, sinh viên"
    OTHER = "other", "Khác"
