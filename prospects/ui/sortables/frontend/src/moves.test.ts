// node --test on the pure logic of drops and clicks (built to build-test/ by `node build.mjs --test`).
import { test } from "node:test"
import assert from "node:assert/strict"
import { dropItem, isClick, ContainerDescription } from "./moves"

const board = (): ContainerDescription[] => [
  { header: "New", items: ["#1", { id: "#2", lines: [{ spans: [{ text: "Fleet" }] }] }] },
  { header: "Won", items: [] },
]

test("a drop on another list moves the item there, at the end", () => {
  const result = dropItem(board(), "#1", "Won")!
  assert.deepEqual(result.map(c => c.items.length), [1, 1])
  assert.equal(result[1].items[0], "#1")
})

test("a drop on an item of another list inserts before it", () => {
  const result = dropItem(board(), "#2", "#1")
  assert.deepEqual(result![0].items.map(i => typeof i === "string" ? i : i.id), ["#2", "#1"])
})

test("released outside every list, or on its own place, nothing changes", () => {
  assert.equal(dropItem(board(), "#1", null), null)
  assert.equal(dropItem(board(), "#1", "#1"), null)
  assert.equal(dropItem(board(), "#1", "Nowhere"), null)
})

test("a structured item keeps its lines when it moves", () => {
  const result = dropItem(board(), "#2", "Won")!
  assert.deepEqual(result[1].items[0], { id: "#2", lines: [{ spans: [{ text: "Fleet" }] }] })
})

test("a press that barely moved is a click, a drag never is", () => {
  assert.equal(isClick({ x: 10, y: 10 }, { x: 12, y: 11 }, false), true)
  assert.equal(isClick({ x: 10, y: 10 }, { x: 30, y: 10 }, false), false)
  assert.equal(isClick({ x: 10, y: 10 }, { x: 10, y: 10 }, true), false)
  assert.equal(isClick(null, { x: 10, y: 10 }, false), false)
})
