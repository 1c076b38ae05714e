"""The start-loan calculator: what a loan costs each month."""

from flask import render_template, request

from portal.db import db
from portal.http_caching import same_for_everyone
from portal.public import bp
from portal.public.forms.calculator import CalculatorForm
from portal.services.information.interest_rate import current_rate
from portal.services.information.loan_calculator import estimate


@bp.get("/calculator")
@same_for_everyone
def calculator():
    rate = current_rate(db.session)
    form = CalculatorForm(request.args)
    result = None
    if request.args and form.validate():
        result = estimate(form.amount.parsed, form.years.parsed, form.rate.parsed)
    elif not request.args:
        form.years.data = "30"
        form.rate.data = str(rate.percent).replace(".", ",") if rate else ""
    return render_template("public/calculator/index.html", form=form, rate=rate, result=result)
