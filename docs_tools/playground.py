"""The weight playground widgets (placeholder until the widgets land)."""


def widget(name: str) -> str:
    return f'<div class="rnn-playground" data-widget="{name}"></div>'
