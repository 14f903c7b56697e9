"""Rendering folium maps so that data never becomes code.

branca renders a :class:`~branca.element.MacroElement` by calling its template's macros and
wrapping each result in ``Element(text)`` -- which compiles ``text`` as a *new Jinja
template* and renders it again when the page is assembled. Everything a macro printed
(place names, notes, scenario names...) would then be template source: ``{{ 7*191 }}`` in a
note shows as ``1337``, a stray ``{{`` crashes the render, and
``{{ lipsum.__globals__.os... }}`` runs Python. folium's ``Tooltip`` and ``Popup`` also put
their HTML inside JavaScript template literals (backticks), where ``${...}`` is code.

This module closes both at the mechanism, for every element of a map:

* :class:`Verbatim` is an element whose ``render`` returns its stored text; it is never
  compiled. :class:`VerbatimMacroElement` renders like ``MacroElement`` but wraps the macros'
  output in :class:`Verbatim`.
* :func:`protect` walks an element tree and gives every ``MacroElement`` in it a class that
  combines its own class with :class:`VerbatimMacroElement` (C3 order puts the override
  between the element's class and ``MacroElement``, so the element's own ``render`` still
  runs first); elements created while rendering (e.g. a marker's ``SetIcon``) are protected
  by their parent just before they render. Popups and tooltips get classes that hand their
  HTML to Leaflet as a JSON string (:func:`js_json`) instead of a template literal.

Only the element instances of the tree change class; folium and branca are not patched.
Template source is therefore only ever the templates written in folium, branca and
:mod:`corridor.maps.elements`; data reaches the page as escaped HTML inside JSON strings.
"""

from __future__ import annotations

import html
import json
import sys
from typing import Any, SupportsIndex, cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

__all__ = ["Verbatim", "VerbatimMacroElement", "js_json", "protect"]


def js_json(value: Any, *, compact: bool = False) -> str:
    r"""Return ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Inside ``<script>`` the HTML parser only looks for ``</script`` (the end) and ``<!--``
    (which changes how a later ``<script`` / ``</script`` is read); ``&`` and ``>`` mean
    nothing there. So every ``</`` is written ``<\/`` and every ``<!`` as ``\u003c!``;
    U+2028 and U+2029 are written as escapes too (older JavaScript engines end a string
    there). Other characters stay as they are (UTF-8), which keeps pages small.

    Parameters
    ----------
    value
        Anything :func:`json.dumps` takes.
    compact
        No spaces after ``,`` and ``:``.

    Returns
    -------
    str
        A JavaScript expression (a string literal for a ``str``).
    """
    text = json.dumps(value, ensure_ascii=False,
                      separators=(",", ":") if compact else None)
    return (text.replace("</", "<\\/").replace("<!", "\\u003c!")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class Verbatim(Element):
    """Text that goes into the page as it is: never compiled or rendered as a template.

    Parameters
    ----------
    text
        The HTML / JavaScript text.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = str(text)

    def render(self, **kwargs: Any) -> str:
        """Return the stored text."""
        return self.text


class VerbatimMacroElement(MacroElement):
    """A ``MacroElement`` whose rendered macros are inserted verbatim (see the module doc).

    Same order and names as ``MacroElement.render``: header, html and script macros into
    the figure, then the children (each protected first).
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as MacroElement
        """Render the macros into the figure as :class:`Verbatim` text, then the children."""
        figure = self.get_root()
        assert isinstance(figure, Figure), "an element renders only inside a Figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Verbatim(macro(self, kwargs)),
                                                name=self.get_name())
        for element in list(self._children.values()):
            protect_one(element)
            element.render(**kwargs)


class VerbatimTooltip(folium.Tooltip, VerbatimMacroElement):
    """folium's ``Tooltip`` with its HTML passed to Leaflet as a JSON string.

    ``text`` is HTML, as for folium (escape data first).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip(
                {{ this.html_json }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    @property
    def html_json(self) -> str:
        """The tooltip's ``<div>`` as a JSON string."""
        style = getattr(self, "style", None)
        attr = f' style="{html.escape(style, quote=True)}"' if style else ""
        return js_json(f"<div{attr}>{self.text}</div>")


class VerbatimPopup(folium.Popup):
    r"""folium's ``Popup`` rendered verbatim, with its HTML passed as a JSON string.

    folium escapes backticks of a text popup (``\```) for its template literal; that
    escape is undone, as the JSON string needs none.
    """

    _template = Template(
        """
        var {{this.get_name()}} = L.popup({{ this.options|tojavascript }});

        {% for name, element in this.html._children.items() %}
            {% if this.lazy %}
                {{ this._parent.get_name() }}.once('click', function() {
                    {{ this.get_name() }}.setContent(
                        $({{ this.content_json(element, kwargs) }})[0]);
                });
            {% else %}
                var {{ name }} = $({{ this.content_json(element, kwargs) }})[0];
                {{ this.get_name() }}.setContent({{ name }});
            {% endif %}
        {% endfor %}

        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }})
        {% if this.show %}.openPopup(){% endif %};

        {% for name, element in this.script._children.items() %}
            {{element.render()}}
        {% endfor %}
    """
    )

    @staticmethod
    def content_json(element: Element, kwargs: dict[str, Any]) -> str:
        """One content element rendered, as a JSON string."""
        return js_json(element.render(**kwargs).replace("\\`", "`"))

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as folium.Popup
        """Render the children, then the popup's script as :class:`Verbatim` text."""
        for element in list(self._children.values()):
            protect_one(element)
            element.render(**kwargs)
        figure = self.get_root()
        assert isinstance(figure, Figure), "an element renders only inside a Figure"
        figure.script.add_child(Verbatim(self._template.render(this=self, kwargs=kwargs)),
                                name=self.get_name())


_SAFE: dict[type, type] = {}
#: The class each class made by :func:`_safe_class` protects.
_ORIGINAL: dict[type, type] = {}


def _findable(cls: type) -> bool:
    """Return whether pickle can find ``cls`` by its module and qualified name."""
    found: Any = sys.modules.get(cls.__module__)
    for part in cls.__qualname__.split("."):
        found = getattr(found, part, None)
    return found is cls


def _unpickle(original: type) -> Element:
    """Return a blank element of the protected class of ``original`` (made if need be)."""
    safe = _safe_class(original)
    assert safe is not None, f"{original!r} has no protected class"
    return cast(Element, object.__new__(safe))


def _reduce_ex(self: Element, protocol: SupportsIndex) -> tuple[Any, ...]:
    """Pickle a protected element as its original class and its state.

    The protected class is made on first use in a process, so another process may not have
    it yet: unpickling makes it through :func:`_safe_class`. A class pickle cannot find by
    name (one defined in a function) is pickled by the protected class's name, as before:
    that works in the process that made it.
    """
    original = _ORIGINAL.get(type(self))  # None: a subclass of a protected class
    if original is None or not _findable(original):
        return cast(tuple[Any, ...], object.__reduce_ex__(self, protocol))
    return (_unpickle, (original,), self.__getstate__())


def _safe_class(cls: type) -> type | None:
    """Return the protected class for elements of class ``cls`` (``None``: leave them be).

    Made once per class: ``Verbatim_<module>_<qualname>`` (dots as underscores), set on this
    module under that name. Its instances pickle as the original class plus their state
    (see :func:`_reduce_ex`), so a process that never protected that class unpickles them.
    """
    if not issubclass(cls, MacroElement) or issubclass(cls, VerbatimMacroElement | VerbatimPopup):
        return None
    if cls in _SAFE:
        return _SAFE[cls]
    if cls is folium.Popup:
        safe: type = VerbatimPopup
    elif cls is folium.Tooltip:
        safe = VerbatimTooltip
    else:
        if issubclass(cls, folium.Popup):
            bases: tuple[type, ...] = (VerbatimPopup, cls)
        elif issubclass(cls, folium.Tooltip):
            bases = (cls, VerbatimTooltip)
        else:
            bases = (cls, VerbatimMacroElement)
        name = "Verbatim_" + f"{cls.__module__}.{cls.__qualname__}".replace(".", "_")
        namespace: dict[str, Any] = {"__module__": __name__, "__qualname__": name,
                                     "__doc__": f"{cls.__qualname__}, rendered verbatim.",
                                     "__reduce_ex__": _reduce_ex}
        if isinstance(getattr(folium.map, "classproperty", None), type) and issubclass(
                cls, folium.map.Class):
            # folium keys ``Class.include`` options by class: keep those of the original
            namespace["includes"] = folium.map.classproperty(lambda _owner: cls.includes)
        safe = type(name, bases, namespace)
        setattr(sys.modules[__name__], name, safe)  # found by name (local classes' pickles)
        _ORIGINAL[safe] = cls
    _SAFE[cls] = safe
    return safe


def protect_one(element: Element) -> None:
    """Give one element its protected class (see :func:`protect`); others are unchanged."""
    safe = _safe_class(type(element))
    if safe is not None:
        element.__class__ = safe


def _sub_elements(element: Element) -> list[Element]:
    """Children plus the Element-valued attributes (e.g. Popup.html, Figure.script)."""
    subs = list(element._children.values())
    for value in vars(element).values():
        if isinstance(value, Element) and value is not element._parent and value not in subs:
            subs.append(value)
    return subs


def protect(root: Element) -> Element:
    """Give every ``MacroElement`` under ``root`` a class that renders it verbatim.

    Idempotent. Call before rendering; :class:`corridor.maps.CorridorMap` does it for its
    whole figure whenever it renders (saving, notebooks, :func:`corridor.maps.map_html`).

    Parameters
    ----------
    root
        A figure, a map or any element.

    Returns
    -------
    Element
        ``root``.
    """
    stack, seen = [root], set()
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        protect_one(element)
        stack.extend(_sub_elements(element))
    return root
