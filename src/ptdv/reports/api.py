"""This app's API view sets, registered on the shared router by `register`."""


def register(router) -> None:
    pass
