"""What a resident types into the fields the government could not prefill."""

PLAUSIBLE = {
    "text": "测试",
    "address": "上海市黄浦区人民大道200号",
    "phone": "13800138000",
    "date": "2026-11-01",
    "postcode": "200003",
    "number": "1",
    "id_number": "310104196809030118",
    "bank_account": "6228480402564890018",
}


def complete_form(session):
    """Answer what the resident still has to answer, as a resident would."""
    for form_field in session.item.fields:
        if form_field.required and not session.form.value(form_field.key):
            value = form_field.choices[0].value if form_field.choices else PLAUSIBLE[form_field.type.value]
            session.form.set_by_resident(form_field.key, value)
