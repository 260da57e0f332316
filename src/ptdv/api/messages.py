"""Vietnamese validation messages for the API, whatever DRF's own catalogue holds.

DRF's Vietnamese catalogue is incomplete (a foreign id answered "Invalid pk … object does not
exist"): the messages every field class may raise are set here once, at start-up, on the
field classes themselves. A test feeds bad values to every writable field of every API
serializer and fails on an English message."""

from rest_framework import fields, relations, serializers

NULL = "Trường này không được để trống (null)."
MESSAGES = {
    fields.Field: {"required": "Trường này là bắt buộc.", "null": NULL},
    fields.CharField: {
        "invalid": "Phải là một chuỗi ký tự.",
        "blank": "Trường này không được bỏ trống.",
        "max_length": "Tối đa {max_length} ký tự.",
        "min_length": "Tối thiểu {min_length} ký tự.",
    },
    fields.EmailField: {"invalid": "Địa chỉ email không hợp lệ."},
    fields.RegexField: {"invalid": "Giá trị không đúng dạng."},
    fields.SlugField: {"invalid": "Chỉ gồm chữ không dấu, chữ số, dấu gạch."},
    fields.URLField: {"invalid": "Địa chỉ URL không hợp lệ."},
    fields.UUIDField: {"invalid": "Mã UUID không hợp lệ."},
    fields.IPAddressField: {"invalid": "Địa chỉ IP không hợp lệ."},
    fields.IntegerField: {
        "invalid": "Phải là một số nguyên.",
        "max_value": "Giá trị phải nhỏ hơn hoặc bằng {max_value}.",
        "min_value": "Giá trị phải lớn hơn hoặc bằng {min_value}.",
        "max_string_length": "Giá trị quá dài.",
    },
    fields.FloatField: {
        "invalid": "Phải là một số.",
        "max_value": "Giá trị phải nhỏ hơn hoặc bằng {max_value}.",
        "min_value": "Giá trị phải lớn hơn hoặc bằng {min_value}.",
        "max_string_length": "Giá trị quá dài.",
        "overflow": "Giá trị quá lớn.",
    },
    fields.DecimalField: {
        "invalid": "Phải là một số.",
        "max_value": "Giá trị phải nhỏ hơn hoặc bằng {max_value}.",
        "min_value": "Giá trị phải lớn hơn hoặc bằng {min_value}.",
        "max_digits": "Tối đa {max_digits} chữ số.",
        "max_decimal_places": "Tối đa {max_decimal_places} chữ số sau dấu thập phân.",
        "max_whole_digits": "Tối đa {max_whole_digits} chữ số trước dấu thập phân.",
        "max_string_length": "Giá trị quá dài.",
    },
    fields.BooleanField: {"invalid": "Phải là giá trị đúng hoặc sai (true/false)."},
    fields.DateField: {
        "invalid": "Ngày không hợp lệ: dùng dạng YYYY-MM-DD.",
        "datetime": "Cần một ngày, không phải ngày giờ.",
    },
    fields.DateTimeField: {
        "invalid": "Ngày giờ không hợp lệ: dùng dạng ISO 8601 (YYYY-MM-DDThh:mm).",
        "date": "Cần ngày giờ, không chỉ ngày.",
        "make_aware": "Ngày giờ không hợp lệ ở múi giờ «{timezone}».",
        "overflow": "Ngày giờ vượt giới hạn.",
    },
    fields.TimeField: {"invalid": "Giờ không hợp lệ: dùng dạng hh:mm."},
    fields.DurationField: {
        "invalid": "Khoảng thời gian không hợp lệ.",
        "max_value": "Khoảng thời gian phải nhỏ hơn hoặc bằng {max_value}.",
        "min_value": "Khoảng thời gian phải lớn hơn hoặc bằng {min_value}.",
        "overflow": "Khoảng thời gian quá lớn.",
    },
    fields.ChoiceField: {"invalid_choice": "«{input}» không phải là lựa chọn hợp lệ."},
    fields.MultipleChoiceField: {
        "invalid_choice": "«{input}» không phải là lựa chọn hợp lệ.",
        "not_a_list": "Cần một danh sách, nhận được «{input_type}».",
        "empty": "Phải chọn ít nhất một mục.",
    },
    fields.FileField: {
        "required": "Phải gửi kèm một tệp.",
        "invalid": "Dữ liệu gửi lên không phải là tệp.",
        "no_name": "Không xác định được tên tệp.",
        "empty": "Tệp gửi lên rỗng.",
        "max_length": "Tên tệp tối đa {max_length} ký tự (hiện có {length}).",
    },
    fields.ListField: {
        "not_a_list": "Cần một danh sách, nhận được «{input_type}».",
        "empty": "Danh sách này không được để trống.",
        "min_length": "Cần ít nhất {min_length} phần tử.",
        "max_length": "Tối đa {max_length} phần tử.",
    },
    fields.DictField: {
        "not_a_dict": "Cần một đối tượng JSON, nhận được «{input_type}».",
        "empty": "Không được để trống.",
    },
    fields.JSONField: {"invalid": "Giá trị JSON không hợp lệ."},
    relations.RelatedField: {"required": "Trường này là bắt buộc.", "null": NULL},
    relations.PrimaryKeyRelatedField: {
        "does_not_exist": "Không tìm thấy mã {pk_value} (không có, hoặc ngoài phạm vi của bạn).",
        "incorrect_type": "Sai kiểu dữ liệu: cần một mã số, nhận được {data_type}.",
    },
    relations.SlugRelatedField: {
        "does_not_exist": "Không tìm thấy {slug_name} «{value}».",
        "invalid": "Giá trị không hợp lệ.",
    },
    relations.HyperlinkedRelatedField: {
        "no_match": "Đường dẫn không trỏ tới đối tượng nào.",
        "incorrect_match": "Đường dẫn trỏ tới loại đối tượng khác.",
        "does_not_exist": "Không tìm thấy đối tượng của đường dẫn này.",
        "incorrect_type": "Sai kiểu dữ liệu: cần một đường dẫn, nhận được {data_type}.",
    },
    relations.ManyRelatedField: {
        "not_a_list": "Cần một danh sách, nhận được «{input_type}».",
        "empty": "Danh sách này không được để trống.",
    },
    serializers.Serializer: {
        "invalid": "Dữ liệu không hợp lệ: cần một đối tượng JSON, nhận được {datatype}."
    },
    serializers.ListSerializer: {
        "not_a_list": "Cần một danh sách, nhận được «{input_type}».",
        "empty": "Danh sách này không được để trống.",
        "max_length": "Tối đa {max_length} phần tử.",
        "min_length": "Cần ít nhất {min_length} phần tử.",
    },
}


def install() -> None:
    """Replace the default messages of every DRF field class (subclasses inherit them)."""
    for cls, messages in MESSAGES.items():
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}), **messages}
