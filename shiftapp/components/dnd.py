"""Reflex wrappers for the drag-and-drop components in dnd.jsx (@dnd-kit/core, MIT).

`reflex-enterprise` has drag and drop too, but it is proprietary; dnd-kit is open and small."""

from __future__ import annotations

import reflex as rx

DND_KIT = "@dnd-kit/core@6.3.1"
_MODULE = rx.asset("dnd.jsx", shared=True)


def _module_path() -> str:
    path = _MODULE.importable_path if hasattr(_MODULE, "importable_path") else str(_MODULE)
    return path.split("?")[0]


def _move_spec(item_id: rx.Var[str], target_id: rx.Var[str]) -> tuple[rx.Var[str], rx.Var[str]]:
    return item_id, target_id


class _DndComponent(rx.Component):
    library = _module_path()
    lib_dependencies: list[str] = [DND_KIT]


class DragBoard(_DndComponent):
    tag = "DragBoard"
    on_move: rx.EventHandler[_move_spec]


class DragItem(_DndComponent):
    tag = "DragItem"
    item_id: rx.Var[str]


class DropZone(_DndComponent):
    tag = "DropZone"
    zone_id: rx.Var[str]


drag_board = DragBoard.create
drag_item = DragItem.create
drop_zone = DropZone.create
