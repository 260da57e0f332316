"""The error answers every operation may give, documented once for the whole schema."""

ERRORS = {
    "400": "Dữ liệu không hợp lệ hoặc bị quy tắc nghiệp vụ từ chối (lý do bằng tiếng Việt).",
    "401": "Chưa xác thực.",
    "403": "Không có quyền (hoặc chưa qua xác thực hai lớp).",
    "404": "Không tìm thấy (hoặc ngoài phạm vi của người dùng).",
    "405": "Phương thức không được hỗ trợ.",
    "409": "Xung đột trạng thái.",
    "413": "Yêu cầu quá lớn.",
    "415": "Kiểu nội dung không được hỗ trợ.",
    "429": "Quá nhiều lần thử: tạm bị chặn.",
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "«detail» với thông báo tiếng Việt, hoặc lỗi theo từng trường.",
    "additionalProperties": True,
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its error answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
