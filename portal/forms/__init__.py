"""What the residents' and the staff forms share: fields, validators, the questions."""
