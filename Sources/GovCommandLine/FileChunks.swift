import Foundation

/// A file read in 64 KiB chunks, so an import of any size holds one chunk at a time.
public struct FileChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let handle: FileHandle
    let chunkSize: Int

    public init(handle: FileHandle, chunkSize: Int = 64 * 1024) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        let chunkSize: Int

        public mutating func next() async throws -> [UInt8]? {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
            return [UInt8](data)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle, chunkSize: chunkSize) }
}
